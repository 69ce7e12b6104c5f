import { getJson } from './api.js';
import { el } from './dom.js';
import { downloadLink } from './download.js';
import { hectares, money, mu } from './format.js';
import { nameOf, t } from './i18n.js';
import { indicativeLabel } from './vocabulary.js';

const row = (...cells) => el('tr', {}, ...cells);
const th = (...text) => el('th', {}, ...text);
const td = (...text) => el('td', {}, ...text);
const num = (...text) => el('td', { class: 'num' }, ...text);
const list = (items) => el('ul', { class: 'compact' }, items.length ? items : el('li', {}, t('none')));

/** The agencies' panel: a county's summary, its zones, parks and projects, with CSV downloads. */
export async function showCounty(code, target) {
  if (!code) {
    target.replaceChildren();
    return;
  }
  const path = `counties/${encodeURIComponent(code)}`;
  const [summary, zones] = await Promise.all([getJson(`${path}/summary`), getJson(`${path}/zones`)]);
  const c = summary.county;
  const csv = (what, text) => downloadLink(`${path}/${what}?f=csv`, `${code}-${what}.csv`, { 'data-csv': what }, `${t('downloadCsv')}（${text}）`);
  target.replaceChildren(
    el('h3', {}, nameOf(c), ' ', el('small', {}, code)),
    el('p', { class: 'note' }, `${mu(c.area_mu)} · ${hectares(c.area_ha)}`),
    el('p', {}, csv('summary', t('summary')), ' · ', csv('zones', t('zones'))),
    el('h3', {}, t('zones')),
    el('table', { id: 'county-categories' },
      row(th(t('category')), th(t('count')), th(t('areaMu')), th(t('areaHa'))),
      summary.planting_zones_by_category.map((z) => row(td(nameOf(z)), num(z.zones), num(mu(z.area_mu)), num(hectares(z.area_ha))))),
    el('table', { id: 'county-zones' },
      row(th(t('name')), th(t('crops')), th(t('inCounty'))),
      zones.zones.map((z) => row(td(nameOf(z)), td(z.crops_zh.join('、')), num(mu(z.area_in_county_mu), el('br'), hectares(z.area_in_county_ha))))),
    el('h3', {}, `${t('parks')}（${summary.industrial_parks.count}）`),
    list(summary.industrial_parks.items.map((p) => el('li', {}, nameOf(p)))),
    el('h3', {}, `${t('projects')}（${summary.projects_total}）`),
    el('table', { id: 'county-sectors' },
      row(th(t('sectorCol')), th(t('count')), th(t('investment'))),
      summary.projects_by_sector.map((s) => row(td(nameOf(s)), num(s.projects), num(money(s.investment_cny)))),
      row(th(t('total')), el('th', { class: 'num' }, summary.projects_total), el('th', { class: 'num' }, money(summary.investment_total_cny)))),
    el('h3', {}, t('ecological')),
    list(summary.ecological_areas.map((e) => el('li', {}, `${nameOf(e)}（${mu(e.area_in_county_mu)}）`))),
    el('p', { class: 'note' }, `${indicativeLabel()}: ${mu(summary.planting_zones_by_category.reduce((s, z) => s + z.indicative_area_m2 * 15 / 10000, 0))}`),
  );
}
