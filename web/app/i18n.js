// Every label of the page's own, in one dictionary: zh-CN first, English second. Names of codes and layers
// come from the service (vocabulary.js).
const dictionary = {
  zh: {
    symbolSize: '项目符号大小：投资额', yiYuan: '亿元',
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
    signIn: '登录', signOut: '退出', signInTitle: '登录编辑', apiKey: 'API 密钥', cancel: '取消', editor: '编辑人员',
    signInHelp: '输入管理员发给您的 API 密钥（spk_…）。密钥只保存在本浏览器会话中，关闭浏览器后需重新输入。',
    checkingKey: '正在核对密钥…', keyMissing: '请输入密钥。', keyRefused: '密钥无效：', signedInAs: '已登录：',
    role_viewer: '查看人员', role_planner: '规划人员', role_land_officer: '国土审核人员', role_admin: '管理员',
    tabEdit: '编辑', edit: '编辑', editHelp: '在地图上点击要素，再点击弹窗中的“编辑”。', changeReason: '修改原因（可选，恢复时必填）',
    attributes: '属性', saveAttributes: '保存属性', readOnly: '（只读）', noValue: '（空）', onePerLine: '每行一项', yes: '是', no: '否',
    outline: '图形', editVertices: '编辑顶点', moveOutline: '整体移动', redrawOutline: '重新绘制', movePoint: '移动点位', placePoint: '重新放置点位',
    saveOutline: '保存图形', outlineFromTxt: '用界址点坐标 TXT 替换图形：', outlineSaved: '图形已保存。',
    deleteFeature: '删除要素', confirmDelete: '确定删除？删除后管理员可从历史中恢复。', confirmDeleteButton: '确认删除', deleted: '已删除。',
    deletedHint: '该要素已删除；其历史仍可查看，管理员可恢复。', saved: '已保存。', nothingChanged: '没有修改，未保存。',
    reloaded: '已重新加载最新版本。您的修改仍在表单中，请核对后再次保存。', reload: '重新加载',
    conflict: '已被他人修改：', at: '于', changedWhat: '修改了', changedIt: '修改了该要素',
    conflictHint: '。您的修改尚未保存；请重新加载，核对后再次保存。',
    unauthorized: '未登录或密钥已失效：', forbidden: '无权进行此操作：', gone: '要素不存在：', invalid: '未保存，请修改后重试：',
    preconditionRequired: '缺少版本标记：', reasonRequired: '请填写修改原因。',
    saveAnyway: '仍然保存（须填写原因）', overrideHint: '核查不通过。如确需保存，请在上方填写原因后点击“仍然保存”。',
    history: '历史', showHistory: '查看历史', version: '版本', compare: '查看修改', changesOf: '修改内容', property: '属性',
    before: '修改前', after: '修改后', outlineBefore: '见地图：灰色虚线', outlineAfter: '见地图：橙色', noChanges: '属性无变化',
    restoreVersion: '恢复到此版本', restored: '已恢复为', reason: '原因',
    importButton: '导入', exportButton: '导出', close: '关闭', importTitle: '导入',
    importHelp: '选择或拖放文件：Shapefile（zip）、GeoPackage、KML/KMZ、DXF、界址点 TXT、CSV、XLSX、GeoJSON。先试运行，核对报告后再正式导入。',
    importChoose: '选择文件：', importDrop: '拖放文件到此处', importCrs: '坐标系', importEncoding: '编码', importLayer: '图层名（多图层文件）', importMapping: '字段对应（可选，JSON：文件字段 → 属性）',
    importFromFile: '按文件', importDryRun: '试运行（只出报告，不写入）', importStart: '开始',
    importAction_created: '新建', importAction_updated: '更新', importAction_unchanged: '未变', importAction_rejected: '拒绝',
    importWarnings: '有警告', importFeature: '要素', importAction: '处理',
    importDryRunPassed: '试运行通过，未写入任何数据。核对报告后可正式导入。', importWritten: '导入完成，已写入。',
    importRejected: '未导入：有要素不合格，全部未写入。', importFailed: '导入失败，未写入：', importReverted: '该导入已撤销。',
    importEncodingGuessed: '文件编码为推测：', importUnknownFields: '未识别的字段（未导入）：',
    importReportCsv: '下载报告 CSV', importForReal: '正式导入',
    importDatumTitle: '旧坐标系转换参数（西安1980 / 北京1954 → CGCS2000）',
    importDatumNeeded: '该文件是西安1980或北京1954坐标：请填写七参数并选择旋转约定，或填写四参数，然后再开始。',
    importSevenParameters: '七参数 dx,dy,dz,rx,ry,rz,ds（米、米、米、秒 ×3、ppm）', importRotationConvention: '七参数的旋转约定',
    importRotationChoose: '请选择', importFourParameters: '或四参数 dx,dy,旋转,ds（高斯平面，X 北 Y 东，不含带号；米、米、秒、ppm）',
    importBadRequest: '参数或文件有误：', importTooLarge: '文件过大：', importUnsupported: '不支持的文件格式：', importBusy: '服务繁忙或超时：',
    exportTitle: '导出', exportFormat: '格式', exportScope: '范围', exportView: '当前视图', exportLayer: '整个图层', exportDownload: '下载',
    exportSaved: '已下载：', exportGpkg: 'GeoPackage', exportShpUtf8: 'Shapefile（zip，UTF-8）', exportShpGbk: 'Shapefile（zip，GBK：ArcGIS 10.2 以前）',
    exportKml: 'KML', exportDxf: 'DXF（高斯-克吕格，CAD）', exportCsv: 'CSV（Excel，最多 10000 条）', exportGeoJson: 'GeoJSON（最多 10000 条）',
  },
  en: {
    symbolSize: 'Project symbols by investment:', yiYuan: '×100 M yuan',
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
    signIn: 'Sign in', signOut: 'Sign out', signInTitle: 'Sign in to edit', apiKey: 'API key', cancel: 'Cancel', editor: 'editor',
    signInHelp: 'Enter the API key (spk_…) your administrator gave you. It is kept for this browser session only; after closing the browser, enter it again.',
    checkingKey: 'Checking the key…', keyMissing: 'Enter a key.', keyRefused: 'Key refused: ', signedInAs: 'Signed in:',
    role_viewer: 'viewer', role_planner: 'planner', role_land_officer: 'land officer', role_admin: 'administrator',
    tabEdit: 'Edit', edit: 'Edit', editHelp: 'Click a feature on the map, then Edit in its popup.', changeReason: 'Reason for the change (optional; required to restore)',
    attributes: 'Attributes', saveAttributes: 'Save attributes', readOnly: '(read-only)', noValue: '(none)', onePerLine: 'one per line', yes: 'yes', no: 'no',
    outline: 'Outline', editVertices: 'Edit vertices', moveOutline: 'Move', redrawOutline: 'Draw anew', movePoint: 'Move point', placePoint: 'Place again',
    saveOutline: 'Save outline', outlineFromTxt: 'Replace the outline from a land-parcel TXT: ', outlineSaved: 'Outline saved.',
    deleteFeature: 'Delete feature', confirmDelete: 'Delete it? An administrator can restore it from its history.', confirmDeleteButton: 'Delete', deleted: 'Deleted.',
    deletedHint: 'This feature is deleted; its history stays readable and an administrator can restore it.', saved: 'Saved.', nothingChanged: 'Nothing changed; nothing saved.',
    reloaded: 'Reloaded the latest version. Your changes are still in the form: check them and save again.', reload: 'Reload',
    conflict: 'Changed by someone else: ', at: 'at', changedWhat: 'changed', changedIt: 'changed this feature',
    conflictHint: '. Your change is not saved; reload, check and save again.',
    unauthorized: 'Not signed in, or the key is no longer valid: ', forbidden: 'Not allowed: ', gone: 'No such feature: ', invalid: 'Not saved; correct and retry: ',
    preconditionRequired: 'Version tag missing: ', reasonRequired: 'Give a reason for the change.',
    saveAnyway: 'Save anyway (reason required)', overrideHint: 'The check failed. To save anyway, give a reason above and click Save anyway.',
    history: 'History', showHistory: 'Show history', version: 'Version', compare: 'Show changes', changesOf: 'changes', property: 'Property',
    before: 'Before', after: 'After', outlineBefore: 'on the map: grey dashed', outlineAfter: 'on the map: orange', noChanges: 'no attribute changed',
    restoreVersion: 'Restore this version', restored: 'Restored', reason: 'Reason',
    importButton: 'Import', exportButton: 'Export', close: 'Close', importTitle: 'Import',
    importHelp: 'Choose or drop a file: Shapefile (zip), GeoPackage, KML/KMZ, DXF, land-parcel TXT, CSV, XLSX, GeoJSON. Do a dry run first, check the report, then import for real.',
    importChoose: 'Choose a file: ', importDrop: 'Drop a file here', importCrs: 'CRS', importEncoding: 'Encoding', importLayer: 'Layer (files with several)', importMapping: 'Field mapping (optional, JSON: file field → property)',
    importFromFile: 'as the file says', importDryRun: 'Dry run (report only, write nothing)', importStart: 'Start',
    importAction_created: 'created', importAction_updated: 'updated', importAction_unchanged: 'unchanged', importAction_rejected: 'rejected',
    importWarnings: 'with warnings', importFeature: 'Feature', importAction: 'Action',
    importDryRunPassed: 'Dry run passed; nothing was written. Check the report, then import for real.', importWritten: 'Imported and written.',
    importRejected: 'Not imported: some features were refused, so nothing was written.', importFailed: 'The import failed; nothing was written: ',
    importReverted: 'This import has been reverted.',
    importEncodingGuessed: 'The file\'s encoding was guessed: ', importUnknownFields: 'Unknown fields (not imported): ',
    importReportCsv: 'Download report (CSV)', importForReal: 'Import for real',
    importDatumTitle: 'Legacy datum parameters (Xian 1980 / Beijing 1954 → CGCS2000)',
    importDatumNeeded: 'This file is in Xian 1980 or Beijing 1954 coordinates: give the seven parameters with their rotation convention, or the four parameters, then start again.',
    importSevenParameters: 'Seven parameters dx,dy,dz,rx,ry,rz,ds (m, m, m, arc-seconds ×3, ppm)', importRotationConvention: 'Rotation convention of the seven',
    importRotationChoose: 'choose', importFourParameters: 'or four parameters dx,dy,rotation,ds (Gauss–Krüger plane, X north, Y east, no zone prefix; m, m, arc-seconds, ppm)',
    importBadRequest: 'Bad parameter or file: ', importTooLarge: 'File too large: ', importUnsupported: 'Unsupported file: ', importBusy: 'Service busy or out of time: ',
    exportTitle: 'Export', exportFormat: 'Format', exportScope: 'Extent', exportView: 'the current view', exportLayer: 'the whole layer', exportDownload: 'Download',
    exportSaved: 'Downloaded: ', exportGpkg: 'GeoPackage', exportShpUtf8: 'Shapefile (zip, UTF-8)', exportShpGbk: 'Shapefile (zip, GBK: ArcGIS before 10.2)',
    exportKml: 'KML', exportDxf: 'DXF (Gauss–Krüger, for CAD)', exportCsv: 'CSV (Excel, up to 10 000)', exportGeoJson: 'GeoJSON (up to 10 000)',
  },
};

// A link chooses the language (lang=en in the hash the map writes, else ?lang=en); otherwise the last one chosen here.
const linked = new URLSearchParams(window.location.hash.slice(1)).get('lang') ?? new URLSearchParams(window.location.search).get('lang');
let language = (linked ?? localStorage.getItem('spatial.lang')) === 'en' ? 'en' : 'zh';
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
