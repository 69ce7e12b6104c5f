import { lang, t } from './i18n.js';

const number = (value, digits) => Number(value).toLocaleString(lang() === 'zh' ? 'zh-CN' : 'en', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** CNY as the plans write it: 亿元 from 100 million, 万元 below. */
export function money(cny) {
  if (cny === null || cny === undefined) return t('investmentUnknown');
  const value = Number(cny);
  if (lang() === 'en') return value >= 1e8 ? `CNY ${number(value / 1e8, 2)} hundred million` : `CNY ${number(value / 1e4, 0)} ten-thousand`;
  return value >= 1e8 ? `${number(value / 1e8, 2)} 亿元` : `${number(value / 1e4, 0)} 万元`;
}

export const mu = (value) => (value === null || value === undefined ? '' : `${number(value, 2)} 亩`);
export const hectares = (value) => (value === null || value === undefined ? '' : `${number(value, 4)} 公顷`);
export const m2 = (value) => (value === null || value === undefined ? '' : `${number(value, 2)} m²`);
export const percent = (share) => `${number(share * 100, 1)}%`;
