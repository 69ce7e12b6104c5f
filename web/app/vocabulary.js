import { getJson } from './api.js';
import { lang } from './i18n.js';

// The codes and labels of every vocabulary (sectors, zone categories, statuses, geometry sources, …) and
// the list of layers, as the service's lookup tables hold them (/vocabulary). The map keeps no copy.
let served = { vocabularies: {}, layers: [] };

export async function loadVocabulary() {
  served = await getJson('vocabulary');
}

/** The layers, in drawing order (bottom first): { id, name_zh, name_en, vocabularies }. */
export const layerList = () => served.layers;

/** The entries of one vocabulary, e.g. terms('sectors'): { code, name_zh, name_en, …attributes }. */
export const terms = (vocabulary) => served.vocabularies[vocabulary] ?? [];

export const term = (vocabulary, code) => terms(vocabulary).find((entry) => entry.code === code);

const named = (entry) => (lang() === 'zh' ? entry.name_zh : entry.name_en);

/** The label of a code in the current language; the code itself when the vocabulary does not know it. */
export function labelOf(vocabulary, code) {
  const entry = term(vocabulary, code);
  return entry ? named(entry) : code;
}

/** A layer's name in the current language. */
export function layerName(id) {
  const layer = served.layers.find((l) => l.id === id);
  return layer ? named(layer) : id;
}

/** The vocabulary a layer's property takes its codes from, e.g. ('projects', 'status') → 'project_statuses'. */
export const vocabularyOf = (layer, property) => served.layers.find((l) => l.id === layer)?.vocabularies[property];

/** The geometry sources that mark a stand-in outline, drawn dashed and labelled as such. */
export const indicativeSources = () => terms('geometry_sources').filter((g) => g.indicative).map((g) => g.code);

export const isIndicative = (geometrySource) => term('geometry_sources', geometrySource)?.indicative === true;

/** The labels of the geometry sources that are stand-ins ("示意位置"). */
export const indicativeLabel = () => terms('geometry_sources').filter((g) => g.indicative).map(named).join('、');
