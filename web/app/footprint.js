import { postFootprint } from './api.js';
import { escapeHtml, hectares, m2, mu, percent } from './format.js';
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
    await this.submit(JSON.stringify(geometry), 'application/geo+json');
  }

  async checkFile(file) {
    const extension = file.name.split('.').pop().toLowerCase();
    const type = contentTypes[extension];
    if (!type) {
      document.getElementById('report').innerHTML = `<p class="sev-fail">${escapeHtml(file.name)}: .txt / .geojson / .json / .wkt</p>`;
      return;
    }
    await this.submit(await file.arrayBuffer(), type);
  }

  async submit(body, contentType) {
    const target = document.getElementById('report');
    target.innerHTML = `<p>${t('checking')}</p>`;
    try {
      this.report = await postFootprint(body, contentType, this.query());
      this.render();
      this.drawReport(this.report);
    } catch (error) {
      target.innerHTML = `<p class="sev-fail" role="alert">${escapeHtml(error.message)}</p>`;
    }
  }

  drawReport(report) {
    this.highlight.clearLayers();
    for (const parcel of report.parcels) {
      if (parcel.outline) L.geoJSON(this.toDisplay(parcel.outline), { pane: 'highlight', style: { color: '#111', weight: 3, fill: false } }).addTo(this.highlight);
    }
    if (report.overlaps) {
      L.geoJSON(this.toDisplay(report.overlaps), { pane: 'highlight', style: { color: '#cf1322', weight: 2, fillColor: '#ff4d4f', fillOpacity: 0.6 } })
        .bindTooltip((l) => escapeHtml(l.feature.properties.name_zh)).addTo(this.highlight);
    }
    if (this.highlight.getLayers().length > 0) this.map.fitBounds(this.highlight.getBounds(), { maxZoom: 15, padding: [30, 30] });
  }

  render() {
    const r = this.report;
    if (!r) return;
    const message = (reason) => (lang() === 'zh' ? reason.message_zh : reason.message_en);
    const reasons = r.reasons.map((x) => `<li class="sev-${x.severity}"><code>${x.code}</code> ${escapeHtml(message(x))}</li>`).join('');
    const overlapList = (items) => items.map((o) => `${escapeHtml(lang() === 'zh' ? o.name_zh : o.name_en)} ${m2(o.area.square_metres)}（${percent(o.share_of_parcel)}）`).join('；');
    const parcels = r.parcels.map((p) => {
      const c = p.conflicts;
      const conflicts = [...c.water_bodies, ...c.ecological_areas, ...c.projects, ...c.planting_zones];
      return `<h3>${escapeHtml(p.label)} <span class="verdict ${p.verdict}">${t(p.verdict)}</span></h3><table>
        <tr><th>${t('planeArea')}（${p.gauss_kruger_zone.zone}带）</th><td>${m2(p.plane_area.square_metres)}<br>${hectares(p.plane_area.hectares)} · ${mu(p.plane_area.mu)}</td></tr>
        <tr><th>${t('ellipsoidalArea')}</th><td>${m2(p.ellipsoidal_area.square_metres)}<br>${hectares(p.ellipsoidal_area.hectares)} · ${mu(p.ellipsoidal_area.mu)}</td></tr>
        ${p.declared_area ? `<tr><th>${t('declaredArea')}</th><td>${hectares(p.declared_area.hectares)}（${t('difference')} ${m2(p.declared_area.difference_m2)}）</td></tr>` : ''}
        <tr><th>${t('perimeter')}</th><td>${p.perimeter_m.toFixed(2)} m</td></tr>
        <tr><th>${t('centroid')}</th><td>${p.centroid.longitude.toFixed(6)}°E ${p.centroid.latitude.toFixed(6)}°N</td></tr>
        <tr><th>${t('counties')}</th><td>${p.counties.map((x) => `${escapeHtml(lang() === 'zh' ? x.name_zh : x.name_en)} ${percent(x.share_of_parcel)}`).join('；') || t('none')}</td></tr>
        <tr><th>${t('insidePark')}</th><td>${p.parks.map((x) => `${escapeHtml(x.name_zh)} ${percent(x.share_of_parcel)}`).join('；') || t('none')}</td></tr>
        <tr><th>${t('conflicts')}</th><td>${overlapList(conflicts) || t('none')}</td></tr>
        ${p.slivers.length ? `<tr><th>${t('sliver')}</th><td>${overlapList(p.slivers)}</td></tr>` : ''}
      </table>`;
    }).join('');
    document.getElementById('report').innerHTML = `
      <p>${t('verdict')}: <span class="verdict ${r.verdict}" id="verdict">${t(r.verdict)}</span>
         <button type="button" id="print">${t('print')}</button></p>
      ${reasons ? `<h3>${t('reasons')}</h3><ul class="compact" id="reasons">${reasons}</ul>` : ''}
      ${parcels}`;
    document.getElementById('print').addEventListener('click', () => window.print());
  }
}
