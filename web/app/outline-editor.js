// Changing a feature's outline on the map with Geoman: move its vertices, drag it whole, or draw it anew.
// The shape being edited is a copy in its own pane, so the plan's layers stay as stored until the save.

const editingStyle = { color: '#fa541c', weight: 3, fillColor: '#ffbb96', fillOpacity: 0.35, dashArray: null, className: 'editing-outline' };

export class OutlineEditor {
  constructor(map, { toDisplay, fromDisplay }) {
    this.map = map;
    this.toDisplay = toDisplay;
    this.fromDisplay = fromDisplay;
    map.createPane('editing').style.zIndex = '460';
    this.group = L.featureGroup().addTo(map);
    this.shape = null;
    this.point = false;
    this.waitingForDrawing = false;
    this.changed = false;
  }

  setTransforms(toDisplay, fromDisplay) {
    this.toDisplay = toDisplay;
    this.fromDisplay = fromDisplay;
  }

  get active() { return this.shape !== null || this.waitingForDrawing; }

  /** Puts an editable copy of the feature's outline on the map: `vertices` to move its corners, `move` to drag it whole. */
  start(feature, mode) {
    this.stop();
    this.point = feature.geometry?.type === 'Point';
    if (!feature.geometry) return;
    const copy = L.geoJSON(this.toDisplay(feature), {
      pane: 'editing',
      style: () => editingStyle,
      pointToLayer: (f, latlng) => L.circleMarker(latlng, { ...editingStyle, radius: 8, pane: 'editing' }),
    });
    this.take(copy.getLayers()[0], mode);
  }

  take(shape, mode) {
    this.shape = shape;
    this.shape.options.pane = 'editing';
    this.group.addLayer(this.shape);
    this.shape.on('pm:edit pm:dragend pm:markerdragend', () => { this.changed = true; });
    if (mode === 'move' && !this.point) this.shape.pm.enableLayerDrag();
    else if (mode !== 'drawn') this.shape.pm.enable({ allowSelfIntersection: false, snappable: false, draggable: this.point });
  }

  /** Lets the user draw a new outline (a polygon, or a point for a point layer); `drawn` receives it. */
  redraw(point) {
    this.stop();
    this.point = point;
    this.waitingForDrawing = true;
    this.map.closePopup();
    this.map.pm.enableDraw(point ? 'CircleMarker' : 'Polygon', { snappable: false, pathOptions: editingStyle, templineStyle: editingStyle, hintlineStyle: editingStyle });
  }

  /** Geoman's pm:create while redrawing: the drawn shape becomes the outline to save. */
  drawn(layer) {
    this.waitingForDrawing = false;
    this.map.removeLayer(layer);
    const shape = this.point ? L.circleMarker(layer.getLatLng(), { ...editingStyle, radius: 8, pane: 'editing' }) : L.polygon(layer.getLatLngs(), { ...editingStyle, pane: 'editing' });
    this.take(shape, 'drawn');
    this.changed = true;
  }

  /** The outline now, in CRS84 as the API takes it; null when nothing was changed. */
  geometry() {
    if (!this.shape || !this.changed) return null;
    return this.fromDisplay(this.shape.toGeoJSON()).geometry;
  }

  stop() {
    if (this.waitingForDrawing) this.map.pm.disableDraw();
    if (this.shape) {
      this.shape.pm.disable();
      this.shape.pm.disableLayerDrag?.();
    }
    this.group.clearLayers();
    this.shape = null;
    this.waitingForDrawing = false;
    this.changed = false;
  }
}
