import { el } from './dom.js';
import { lang, t } from './i18n.js';

// The 西安1980 / 北京1954 part of the 导入 dialog. PROJ has no more than a ballpark between those datums and CGCS2000,
// so the service takes such a file only with the surveyor's parameters: seven (Bursa–Wolf, with the convention of
// the rotations' signs) or, for a Gauss–Krüger file, four. The fields show when the chosen CRS is one of those
// datums, or when the service refused the file for want of them (its problem names the parameter).

/** The service's names of the parameters that make legacy coordinates CGCS2000. */
export const datumParameters = ['seven_parameters', 'rotation_convention', 'four_parameters'];

/** Whether a problem's parameter is one of them: the file's datum needs parameters the import did not have. */
export const isDatumParameter = (name) => datumParameters.includes(name);

/** The legacy CRSs offered in the dialog's CRS list (EPSG codes the service takes), with their names. */
export const legacyCrsChoices = [
  ['4610', '西安1980 经纬度', 'Xian 1980 lon/lat'],
  ...[43, 44, 45].map((zone) => [String(2324 + zone), `西安1980 3° 高斯-克吕格 ${zone} 带（含带号）`, `Xian 1980 3° Gauss–Krüger zone ${zone} (zone prefix)`]),
  ...[43, 44, 45].map((zone) => [String(2345 + zone), `西安1980 3° 高斯-克吕格 CM ${3 * zone}°E`, `Xian 1980 3° Gauss–Krüger CM ${3 * zone}°E`]),
  ['4214', '北京1954 经纬度', 'Beijing 1954 lon/lat'],
  ...[43, 44, 45].map((zone) => [String(2376 + zone), `北京1954 3° 高斯-克吕格 ${zone} 带（含带号）`, `Beijing 1954 3° Gauss–Krüger zone ${zone} (zone prefix)`]),
  ...[43, 44, 45].map((zone) => [String(2397 + zone), `北京1954 3° 高斯-克吕格 CM ${3 * zone}°E`, `Beijing 1954 3° Gauss–Krüger CM ${3 * zone}°E`]),
];

export const isLegacyCrs = (code) => legacyCrsChoices.some(([choice]) => choice === code);

/** Whether any datum parameter has been typed or chosen. */
export const hasDatumOptions = (options) => Boolean(options.sevenParameters || options.rotationConvention || options.fourParameters);

function text(id, value, placeholder, onInput) {
  const input = el('input', { type: 'text', id, value, maxlength: 200, spellcheck: 'false', autocomplete: 'off', placeholder });
  input.addEventListener('input', () => onInput(input.value.trim()));
  return input;
}

/**
 * The fields of the datum parameters, written into `options` as they are typed; `needed`: the service asked for
 * them, which the fieldset says.
 */
export function datumFields(options, needed) {
  const named = (zh, en) => (lang() === 'zh' ? zh : en);
  const seven = text('import-seven-parameters', options.sevenParameters, 'dx,dy,dz,rx,ry,rz,ds', (value) => { options.sevenParameters = value; });
  const convention = el('select', { id: 'import-rotation-convention' },
    [['', t('importRotationChoose')], ['position_vector', named('位置矢量（position vector，EPSG 9606，PROJ +towgs84）', 'position vector (EPSG 9606, PROJ +towgs84)')],
      ['coordinate_frame', named('坐标框架（coordinate frame，EPSG 9607）', 'coordinate frame (EPSG 9607)')]]
      .map(([value, label]) => el('option', { value, selected: value === options.rotationConvention }, label)));
  convention.addEventListener('change', () => { options.rotationConvention = convention.value; });
  const four = text('import-four-parameters', options.fourParameters, 'dx,dy,rotation,ds', (value) => { options.fourParameters = value; });
  return el('fieldset', { id: 'import-datum', class: 'import-datum', 'data-needed': String(needed) },
    el('legend', {}, t('importDatumTitle')),
    needed && el('p', { class: 'sev-warn', id: 'import-datum-needed' }, t('importDatumNeeded')),
    el('label', {}, t('importSevenParameters'), seven),
    el('label', {}, t('importRotationConvention'), convention),
    el('label', {}, t('importFourParameters'), four));
}
