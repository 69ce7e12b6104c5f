import { el } from './dom.js';
import { centreOf } from './geometry-centre.js';
import { t } from './i18n.js';

/**
 * Below this zoom a project's outline is a speck: it is drawn as a symbol too, coloured by its sector and sized by
 * its investment (area proportional to the amount), over the outline, so the plan's 图1 shows where the projects
 * are and what they are. From this zoom on the outlines speak for themselves.
 */
export const symbolZoomBelow = 11;

const yi = 1e8; // 亿元
/** Radius in pixels: the symbol's area grows with the investment; a project without one gets the smallest. */
export const symbolRadius = (investment) => 5 + 3 * Math.sqrt(Math.max(0, investment ?? 0) / yi);

export class ProjectSymbols {
  /** `style(properties)` is the projects layer's; `toDisplay(feature)` the basemap's datum shift; `open(feature, latlng)` its popup. */
  constructor(map, style, open) {
    this.map = map;
    this.style = style;
    this.open = open;
    map.createPane('project-symbols').style.zIndex = '480';
    this.group = L.featureGroup();
    this.projects = [];
    this.transform = (f) => f;
    this.projectsShown = () => true;
    map.on('zoomend', () => this.show());
  }

  /** Draws the symbols of these projects (those with a site), largest first so small ones stay clickable on top. */
  update(projects, transform = this.transform) {
    this.projects = projects;
    this.transform = transform;
    this.group.clearLayers();
    const sited = projects.filter((p) => p.geometry)
      .sort((a, b) => (b.properties.investment_cny ?? 0) - (a.properties.investment_cny ?? 0));
    for (const project of sited) {
      const centre = centreOf(this.transform(project).geometry);
      if (!centre) continue;
      const color = this.style(project.properties).fillColor;
      const className = `symbol-projects-${String(project.id).replace(/[^A-Za-z0-9_-]/g, '_')}`;
      const marker = L.circleMarker([centre[1], centre[0]], {
        pane: 'project-symbols', radius: symbolRadius(project.properties.investment_cny),
        color: '#fff', weight: 1.5, fillColor: color, fillOpacity: project.properties.investment_cny ? 0.85 : 0.45, className,
      });
      marker.on('click', (e) => { L.DomEvent.stop(e); this.open(project, e.latlng); });
      marker.addTo(this.group);
    }
    this.show();
  }

  show() {
    const wanted = this.projectsShown() && this.map.getZoom() < symbolZoomBelow;
    if (wanted && !this.map.hasLayer(this.group)) this.group.addTo(this.map);
    if (!wanted && this.map.hasLayer(this.group)) this.map.removeLayer(this.group);
  }
}

/** The legend's sizes: what a symbol's size says, at three investments. */
export function symbolLegend() {
  const sizes = [1, 5, 10].map((amount) => {
    const dot = el('span', { class: 'size-dot' });
    const d = `${2 * symbolRadius(amount * yi)}px`;
    // Set through the CSSOM: a style attribute would be an inline style, which the CSP refuses.
    Object.assign(dot.style, { width: d, height: d });
    return el('span', { class: 'size-item' }, dot, `${amount} ${t('yiYuan')}`);
  });
  return el('div', { class: 'legend-item symbol-sizes' }, el('span', {}, t('symbolSize')), ...sizes);
}
