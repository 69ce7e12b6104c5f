import { getJson } from './api.js';
import { escapeHtml, hectares, money, mu } from './format.js';
import { nameOf, t } from './i18n.js';
import { label, sectorNames } from './layers.js';

/** The agencies' panel: a county's summary, its zones, parks and projects, with CSV downloads. */
export async function showCounty(code, target) {
  if (!code) {
    target.innerHTML = '';
    return;
  }
  const [summary, zones] = await Promise.all([getJson(`/counties/${code}/summary`), getJson(`/counties/${code}/zones`)]);
  const c = summary.county;
  const zoneRows = zones.zones.map((z) => `<tr><td>${escapeHtml(nameOf(z))}</td>
    <td>${escapeHtml(z.crops_zh.join('、'))}</td><td class="num">${mu(z.area_in_county_mu)}<br>${hectares(z.area_in_county_ha)}</td></tr>`).join('');
  const categoryRows = summary.planting_zones_by_category.map((z) => `<tr><td>${escapeHtml(nameOf(z))}</td><td class="num">${z.zones}</td>
    <td class="num">${mu(z.area_mu)}</td><td class="num">${hectares(z.area_ha)}</td></tr>`).join('');
  const sectorRows = summary.projects_by_sector.map((s) => `<tr><td>${escapeHtml(label(sectorNames, s.sector))}</td><td class="num">${s.projects}</td>
    <td class="num">${money(s.investment_cny)}</td></tr>`).join('');
  const parks = summary.industrial_parks.items.map((p) => `<li>${escapeHtml(nameOf(p))}</li>`).join('') || `<li>${t('none')}</li>`;
  const eco = summary.ecological_areas.map((e) => `<li>${escapeHtml(nameOf(e))}（${mu(e.area_in_county_mu)}）</li>`).join('') || `<li>${t('none')}</li>`;
  target.innerHTML = `
    <h3>${escapeHtml(nameOf(c))} <small>${code}</small></h3>
    <p class="note">${mu(c.area_mu)} · ${hectares(c.area_ha)}</p>
    <p><a href="/counties/${code}/summary?f=csv" download data-csv="summary">${t('downloadCsv')}（${t('summary')}）</a> ·
       <a href="/counties/${code}/zones?f=csv" download data-csv="zones">${t('downloadCsv')}（${t('zones')}）</a></p>
    <h3>${t('zones')}</h3>
    <table id="county-categories"><tr><th>${t('category')}</th><th>${t('count')}</th><th>${t('areaMu')}</th><th>${t('areaHa')}</th></tr>${categoryRows}</table>
    <table id="county-zones"><tr><th>${t('name')}</th><th>${t('crops')}</th><th>${t('inCounty')}</th></tr>${zoneRows}</table>
    <h3>${t('parks')}（${summary.industrial_parks.count}）</h3><ul class="compact">${parks}</ul>
    <h3>${t('projects')}（${summary.projects_total}）</h3>
    <table id="county-sectors"><tr><th>${t('sectorCol')}</th><th>${t('count')}</th><th>${t('investment')}</th></tr>${sectorRows}
      <tr><th>${t('total')}</th><th class="num">${summary.projects_total}</th><th class="num">${money(summary.investment_total_cny)}</th></tr></table>
    <h3>${t('ecological')}</h3><ul class="compact">${eco}</ul>
    <p class="note">${t('indicative')}: ${mu(summary.planting_zones_by_category.reduce((s, z) => s + z.indicative_area_m2 * 15 / 10000, 0))}</p>`;
}
