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

/**
 * The symbols, painted by the tile worker over every layer of the tiles below symbolZoomBelow while the projects
 * layer is shown (tile-layer.js setSymbols): 985 SVG markers were re-projected and re-drawn at every zoom's end.
 */
export class ProjectSymbols {
  /**
   * `tiles` the plan's tile layer; `style(properties)` the projects layer's; `open(feature, latlng)` its popup, which
   * a click on a symbol opens (`openAt`).
   */
  constructor(tiles, style, open) {
    this.tiles = tiles;
    this.style = style;
    this.open = open;
    this.byId = new Map();
    this.transform = (f) => f;
  }

  /** Draws the symbols of these projects (those with a site), largest first so small ones stay clickable on top. */
  update(projects, transform = this.transform) {
    this.transform = transform;
    this.byId = new Map(projects.map((p) => [p.id, p]));
    const symbols = [];
    const sited = projects.filter((p) => p.geometry)
      .sort((a, b) => (b.properties.investment_cny ?? 0) - (a.properties.investment_cny ?? 0));
    for (const project of sited) {
      const centre = centreOf(this.transform(project).geometry);
      if (!centre) continue;
      symbols.push({
        id: project.id, lon: centre[0], lat: centre[1], radius: symbolRadius(project.properties.investment_cny),
        fillColor: this.style(project.properties).fillColor, fillOpacity: project.properties.investment_cny ? 0.85 : 0.45,
      });
    }
    this.tiles.setSymbols('projects', symbols, symbolZoomBelow);
  }

  /** Opens the popup of the symbol drawn topmost under a map position; says whether there was one. */
  openAt(latlng) {
    const id = this.tiles.symbolAt(latlng);
    const project = id !== null && this.byId.get(id);
    if (!project) return false;
    this.open(project, latlng);
    return true;
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
