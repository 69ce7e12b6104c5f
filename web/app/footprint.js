import { postFootprint } from './api.js';
import { el, nodes } from './dom.js';
import { hectares, m2, mu, percent } from './format.js';
import { lang, t } from './i18n.js';

const contentTypes = { txt: 'text/plain', geojson: 'application/geo+json', json: 'application/geo+json', wkt: 'application/wkt' };

/** The land officers' panel: draw or upload a footprint, show the report, highlight the overlaps in red. */
export class FootprintPanel {
  constructor(map, { toDisplay, fromDisplay }) {
    this.map = map;
    this.toDisplay = toDisplay;
    this.fromDisplay = fromDisplay;
    map.createPane('highlight').style.zIndex = '450';
    this.highlight = L.featureGroup().addTo(map);
    this.report = null;
  }

  setTransforms(toDisplay, fromDisplay) {
    this.toDisplay = toDisplay;
    this.fromDisplay = fromDisplay;
    if (this.report) this.drawReport(this.report);
  }

  query() {
    const params = new URLSearchParams();
    const tolerance = document.getElementById('tolerance').value;
    if (tolerance !== '' && tolerance !== '1') params.set('tolerance', tolerance);
    const sector = document.getElementById('sector').value;
    if (sector) params.set('sector', sector);
    const text = params.toString();
    return text ? `?${text}` : '';
  }

  async checkDrawn(layer) {
    const geometry = this.fromDisplay(layer.toGeoJSON()).geometry;
    this.map.removeLayer(layer);
    await this.submit(JSON.stringify(geometry), 'application/geo+json', 'footprint.geojson');
  }

  async checkFile(file) {
    const extension = file.name.split('.').pop().toLowerCase();
    const type = contentTypes[extension];
    if (!type) {
      document.getElementById('report').replaceChildren(el('p', { class: 'sev-fail' }, `${file.name}: .txt / .geojson / .json / .wkt`));
      return;
    }
    await this.submit(await file.arrayBuffer(), type, file.name);
  }

  async submit(body, contentType, name) {
    const target = document.getElementById('report');
    target.replaceChildren(el('p', {}, t('checking')));
    const query = this.query();
    this.submitted = { body, contentType, name, query };
    try {
      this.report = await postFootprint(body, contentType, query);
      this.render();
      this.drawReport(this.report);
    } catch (error) {
      target.replaceChildren(el('p', { class: 'sev-fail', role: 'alert' }, error.message));
    }
  }

  drawReport(report) {
    this.highlight.clearLayers();
    for (const parcel of report.parcels) {
      if (parcel.outline) L.geoJSON(this.toDisplay(parcel.outline), { pane: 'highlight', style: { color: '#111', weight: 3, fill: false } }).addTo(this.highlight);
    }
    if (report.overlaps) {
      L.geoJSON(this.toDisplay(report.overlaps), { pane: 'highlight', style: { color: '#cf1322', weight: 2, fillColor: '#ff4d4f', fillOpacity: 0.6 } })
        .bindTooltip((l) => el('span', {}, l.feature.properties.name_zh)).addTo(this.highlight);
    }
    if (this.highlight.getLayers().length > 0) this.map.fitBounds(this.highlight.getBounds(), { maxZoom: 15, padding: [30, 30] });
  }

  /**
   * Opens the printable report of the checked file in a new tab, in the map's language: the same bytes, sent again as
   * the part `file` of a form (a page can only be opened by a navigation, and only a form navigation carries a file).
   */
  printReport() {
    const { body, contentType, name, query } = this.submitted;
    const params = new URLSearchParams(query);
    params.set('f', 'html');
    if (lang() === 'en') params.set('lang', 'en');
    const input = el('input', { type: 'file', name: 'file' });
    const files = new DataTransfer();
    files.items.add(new File([body], name, { type: contentType }));
    input.files = files.files;
    const form = el('form', { method: 'post', enctype: 'multipart/form-data', action: `footprint-checks?${params}`, target: '_blank', hidden: true }, input);
    document.body.append(form);
    form.submit();
    form.remove();
  }

  render() {
    const r = this.report;
    if (!r) return;
    const named = (x) => (lang() === 'zh' ? x.name_zh : x.name_en);
    const message = (reason) => (lang() === 'zh' ? reason.message_zh : reason.message_en);
    const orNone = (items) => items.join('；') || t('none');
    const overlapList = (items) => orNone(items.map((o) => `${named(o)} ${m2(o.area.square_metres)}（${percent(o.share_of_parcel)}）`));
    const line = (header, ...value) => el('tr', {}, el('th', {}, header), el('td', {}, ...value));
    const area = (a) => [m2(a.square_metres), el('br'), `${hectares(a.hectares)} · ${mu(a.mu)}`];
    const parcels = r.parcels.map((p) => {
      const c = p.conflicts;
      const conflicts = [...c.water_bodies, ...c.ecological_areas, ...c.projects, ...c.planting_zones];
      return [
        el('h3', {}, p.label, ' ', el('span', { class: `verdict ${p.verdict}` }, t(p.verdict))),
        el('table', {},
          line(`${t('planeArea')}（${p.gauss_kruger_zone.zone}带）`, area(p.plane_area)),
          line(t('ellipsoidalArea'), area(p.ellipsoidal_area)),
          p.declared_area && line(t('declaredArea'), `${hectares(p.declared_area.hectares)}（${t('difference')} ${m2(p.declared_area.difference_m2)}）`),
          line(t('perimeter'), `${p.perimeter_m.toFixed(2)} m`),
          line(t('centroid'), `${p.centroid.longitude.toFixed(6)}°E ${p.centroid.latitude.toFixed(6)}°N`),
          line(t('counties'), orNone(p.counties.map((x) => `${named(x)} ${percent(x.share_of_parcel)}`))),
          line(t('insidePark'), orNone(p.parks.map((x) => `${x.name_zh} ${percent(x.share_of_parcel)}`))),
          line(t('conflicts'), overlapList(conflicts)),
          p.slivers.length > 0 && line(t('sliver'), overlapList(p.slivers))),
      ];
    });
    const print = el('button', { type: 'button', id: 'print' }, t('print'));
    print.addEventListener('click', () => this.printReport());
    document.getElementById('report').replaceChildren(...nodes(
      el('p', {}, `${t('verdict')}: `, el('span', { class: `verdict ${r.verdict}`, id: 'verdict' }, t(r.verdict)), ' ', print),
      r.reasons.length > 0 && [
        el('h3', {}, t('reasons')),
        el('ul', { class: 'compact', id: 'reasons' },
          r.reasons.map((x) => el('li', { class: `sev-${x.severity}` }, el('code', {}, x.code), ' ', message(x)))),
      ],
      parcels,
    ));
  }
}
