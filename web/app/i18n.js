// Every label of the page's own, in one dictionary: zh-CN first, English second. Names of codes and layers
// come from the service (vocabulary.js).
const dictionary = {
  zh: {
    title: '鸡西市、绥芬河市生物经济产业布局图', search: '搜索项目', searchHint: '名称或编号，如 JX-27', basemap: '底图',
    basemapNone: '无底图（离线）', basemapOsm: 'OpenStreetMap', basemapTianditu: '天地图', basemapGaode: '高德（GCJ-02 显示）',
    tabLayers: '图层', tabCounty: '县区查询', tabFootprint: '用地核查', legend: '图例', unlocated: '无选址项目',
    chooseCounty: '选择县（市）区', footprintHelp: '绘制多边形，或上传界址点坐标 TXT、GeoJSON、WKT 文件。', draw: '绘制多边形',
    upload: '上传文件', drop: '拖放文件到此处', sector: '行业（可选）', tolerance: '碎片容差（平方米）',
    loading: '正在加载…', apiError: '服务暂不可用：',
    summary: '汇总', zones: '种植区', parks: '产业园区', projects: '项目', ecological: '生态保护区域', downloadCsv: '下载 CSV',
    category: '类别', crops: '作物', areaMu: '面积（亩）', areaHa: '面积（公顷）', inCounty: '县内面积',
    sectorCol: '领域', count: '数量', investment: '投资', total: '合计', name: '名称', verdict: '结论', reasons: '原因',
    pass: '通过', warn: '注意', fail: '不通过', parcel: '地块', planeArea: '平面面积', ellipsoidalArea: '椭球面积',
    declaredArea: '申报面积', difference: '差值', counties: '所在县区', insidePark: '所在园区', none: '无', conflicts: '冲突',
    print: '打印报告', checking: '正在核查…', gcjNote: '高德底图：图层已偏移至 GCJ-02 显示（约±5米），提交时换回 CGCS2000。',
    tiandituKey: '请输入天地图密钥 tk：', noSite: '规划未给出选址', zoomTo: '定位', perimeter: '周长', centroid: '中心点',
    investmentUnknown: '未列明', sliver: '碎片', share: '占比',
  },
  en: {
    title: 'Bio-economy layout of Jixi and Suifenhe', search: 'Find a project', searchHint: 'name or code, e.g. JX-27', basemap: 'Basemap',
    basemapNone: 'None (offline)', basemapOsm: 'OpenStreetMap', basemapTianditu: 'Tianditu', basemapGaode: 'Gaode (GCJ-02 display)',
    tabLayers: 'Layers', tabCounty: 'Counties', tabFootprint: 'Footprint check', legend: 'Legend', unlocated: 'Projects without a site',
    chooseCounty: 'Choose a county', footprintHelp: 'Draw a polygon, or upload a land-parcel TXT, GeoJSON or WKT file.', draw: 'Draw polygon',
    upload: 'Upload file', drop: 'Drop a file here', sector: 'Sector (optional)', tolerance: 'Sliver tolerance (m²)',
    loading: 'Loading…', apiError: 'Service unavailable: ',
    summary: 'Summary', zones: 'Planting zones', parks: 'Industrial parks', projects: 'Projects', ecological: 'Ecological areas', downloadCsv: 'Download CSV',
    category: 'Category', crops: 'Crops', areaMu: 'Area (mu)', areaHa: 'Area (ha)', inCounty: 'Inside the county',
    sectorCol: 'Sector', count: 'Count', investment: 'Investment', total: 'Total', name: 'Name', verdict: 'Verdict', reasons: 'Reasons',
    pass: 'pass', warn: 'warn', fail: 'fail', parcel: 'Parcel', planeArea: 'Plane area', ellipsoidalArea: 'Ellipsoidal area',
    declaredArea: 'Declared area', difference: 'difference', counties: 'Counties', insidePark: 'Park', none: 'none', conflicts: 'Conflicts',
    print: 'Print report', checking: 'Checking…', gcjNote: 'Gaode basemap: layers are shifted to GCJ-02 for display (≈±5 m) and shifted back when sent.',
    tiandituKey: 'Tianditu key (tk):', noSite: 'no site in the plan', zoomTo: 'Zoom to', perimeter: 'Perimeter', centroid: 'Centroid',
    investmentUnknown: 'not stated', sliver: 'slivers', share: 'share',
  },
};

let language = localStorage.getItem('spatial.lang') === 'en' ? 'en' : 'zh';
const listeners = [];

export const lang = () => language;
export const t = (key) => dictionary[language][key] ?? dictionary.zh[key] ?? key;
/** The Chinese or English variant of a record's name. */
export const nameOf = (p) => (language === 'en' ? p.name_en || p.name_zh : p.name_zh || p.name_en) ?? '';

export function onLanguageChange(listener) { listeners.push(listener); }

export function setLanguage(next) {
  language = next;
  localStorage.setItem('spatial.lang', next);
  applyLabels();
  listeners.forEach((listener) => listener(next));
}

/** Writes every data-i18n label of the page in the current language. */
export function applyLabels() {
  document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
  document.title = t('title');
  document.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
  document.querySelectorAll('[data-i18n-placeholder]').forEach((el) => { el.placeholder = t(el.dataset.i18nPlaceholder); });
  document.getElementById('lang').textContent = language === 'zh' ? 'English' : '中文';
}
