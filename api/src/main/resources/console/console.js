'use strict';
// The planner console: signs in with a bearer token and uses the same API as every client.
(function () {
  const COLOURS = {current: '#2e7d32', building: '#f9a825', failed: '#c62828', outdated: '#6a1b9a', none: '#78909c'};
  const LOCALES = ['en', 'fr', 'ca'];
  const state = {token: sessionStorage.getItem('token'), labels: {}, me: null, layer: null, selected: null,
    boundaries: null, file: null, preview: null, map: null, fitted: false, edit: null};
  const $ = (id) => document.getElementById(id);

  function t(key, values) {
    let text = state.labels[key] || key;
    Object.entries(values || {}).forEach(([name, value]) => { text = text.replace('{' + name + '}', value); });
    return text;
  }

  async function loadLabels(locale) {
    const response = await fetch('i18n/' + locale + '.json');
    state.labels = response.ok ? await response.json() : {};
    document.documentElement.lang = locale;
    document.querySelectorAll('[data-i18n]').forEach((element) => {
      element.textContent = t(element.dataset.i18n);
    });
    localStorage.setItem('locale', locale);
  }

  async function api(path, options) {
    const request = Object.assign({headers: {}}, options || {});
    request.headers.Authorization = 'Bearer ' + state.token;
    const response = await fetch(path, request);
    const type = response.headers.get('Content-Type') || '';
    const body = type.includes('json') ? await response.json() : await response.text();
    if (!response.ok) {
      const error = new Error(body && body.message ? body.message : response.status + ' ' + response.statusText);
      error.status = response.status;
      error.body = body;
      throw error;
    }
    return body;
  }

  function bytes(n) {
    if (n === null || n === undefined) return '—';
    const units = ['B', 'KB', 'MB', 'GB'];
    let value = n;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit++; }
    return (unit === 0 ? value : value.toFixed(1)) + ' ' + units[unit];
  }

  function rows(table, data) {
    const body = $(table).querySelector('tbody');
    body.replaceChildren(...data.map((cells) => {
      const row = document.createElement('tr');
      cells.forEach((cell) => { const td = document.createElement('td'); td.textContent = cell; row.appendChild(td); });
      return row;
    }));
  }

  function badge(stateName) {
    const span = document.createElement('span');
    span.className = 'badge state-' + stateName;
    span.textContent = t('state.' + stateName);
    return span;
  }

  async function signIn(token) {
    state.token = token;
    $('sign-in-error').hidden = true;
    try {
      const me = await api('/v1/me');
      if (!me.mayPlan) {
        throw new Error(t('refused', {role: t('role.' + me.role)}));
      }
      state.me = me;
      sessionStorage.setItem('token', token);
      $('who').textContent = (me.name ? me.name + ' (' + me.id + ')' : me.id) + ' · ' + t('role.' + me.role);
      $('users').hidden = me.role !== 'admin';
      $('sign-in').hidden = true;
      $('workspace').hidden = false;
      $('sign-out').hidden = false;
      startMap();
      await loadBoundaries();
      if (me.role === 'admin') await listUsers();
    } catch (e) {
      sessionStorage.removeItem('token');
      state.token = null;
      $('sign-in-error').textContent = e.status === 401 ? t('badToken') : e.message;
      $('sign-in-error').hidden = false;
    }
  }

  // Tiles come from the service itself, with the bearer token: an <img> could not send it.
  const ServiceTiles = L.GridLayer.extend({
    createTile(coords, done) {
      const tile = document.createElement('img');
      tile.alt = '';
      fetch('/v1/tiles/' + coords.z + '/' + coords.x + '/' + coords.y + '.png',
        {headers: {Authorization: 'Bearer ' + state.token}})
        .then((response) => (response.ok ? response.blob() : Promise.reject(new Error(response.status))))
        .then((blob) => {
          tile.onload = () => { tile.classList.add('loaded-tile'); done(null, tile); };
          tile.src = URL.createObjectURL(blob);
        })
        .catch((e) => done(e, tile));
      return tile;
    }
  });

  function startMap() {
    if (state.map) return;
    state.map = L.map('map', {minZoom: 9, maxZoom: 15});
    new ServiceTiles({minZoom: 9, maxZoom: 15, attribution: '© OpenStreetMap contributors'}).addTo(state.map);
    state.map.setView([42.54, 1.57], 10);
  }

  async function loadBoundaries() {
    const boundaries = await api('/v1/boundaries');
    state.boundaries = boundaries;
    if (state.layer) state.layer.remove();
    state.layer = L.geoJSON(boundaries, {
      style: (feature) => ({color: COLOURS[feature.properties.state], weight: 2, fillOpacity: 0.25}),
      onEachFeature: (feature, layer) => {
        layer.bindTooltip(feature.properties.name || feature.id);
        layer.on('click', () => select(feature.id));
        if (layer.getElement) layer.options.className = 'boundary-shape';
      }
    }).addTo(state.map);
    state.layer.eachLayer((layer) => {
      const path = layer.getElement && layer.getElement();
      if (path) {
        path.classList.add('boundary-shape');
        path.dataset.boundary = layer.feature.id;
        path.dataset.state = layer.feature.properties.state;
      }
    });
    if (!state.fitted && boundaries.features.length > 0) {
      state.map.fitBounds(state.layer.getBounds());
      state.fitted = true;
    }
    const list = $('boundary-list');
    list.replaceChildren(...boundaries.features.map((feature) => {
      const item = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.dataset.boundary = feature.id;
      button.append(badge(feature.properties.state), ' ', feature.properties.name || feature.id);
      button.addEventListener('click', () => select(feature.id));
      item.appendChild(button);
      return item;
    }));
    if (state.edit) dimEdited();
    if (!$('users').hidden) userBoundaryBoxes();
  }

  async function select(boundaryId) {
    if (state.edit && state.edit.boundaryId !== boundaryId) cancelEdit();
    state.selected = boundaryId;
    $('panel-empty').hidden = true;
    $('panel-body').hidden = false;
    $('preview').hidden = true;
    $('change-error').hidden = true;
    const feature = selectedFeature();
    $('edit-start').hidden = Boolean(state.edit) || !feature || !feature.properties.writable;
    await showOverview();
  }

  function selectedFeature() {
    return state.boundaries && state.boundaries.features.find((f) => f.id === state.selected);
  }

  async function showOverview() {
    const o = await api('/v1/boundaries/' + encodeURIComponent(state.selected) + '/overview');
    $('panel-title').textContent = o.name || o.boundaryId;
    $('panel-state').replaceChildren(badge(o.state));
    $('panel-version').textContent = o.packVersion === null ? '—' : String(o.packVersion);
    $('panel-versions').textContent = o.versions.length ? o.versions.join(', ') : '—';
    $('panel-boundary-version').textContent = o.boundaryVersion;
    rows('panel-parts', o.parts.map((p) => [p.name, bytes(p.size)]));
    rows('panel-tiles', Object.entries(o.tilesByZoom).map(([z, n]) => [z, String(n)]));
    rows('panel-points', o.points.length
      ? o.points.map((p) => [p.profile, String(p.snapped), String(p.notSnapped)])
      : [['—', '—', String(o.assignedPoints) + ' ' + t('assigned')]]);
    showJob($('panel-job'), o.lastJob);
  }

  function duration(job) {
    if (!job || !job.startedAt || !job.finishedAt) return '';
    return ((Date.parse(job.finishedAt) - Date.parse(job.startedAt)) / 1000).toFixed(1) + ' s';
  }

  function showJob(element, job) {
    if (!job) { element.textContent = t('noBuild'); return; }
    const lines = [t('state.' + job.state.toLowerCase()) + (job.packVersion ? ' · v' + job.packVersion : '')
      + (duration(job) ? ' · ' + duration(job) : '')];
    job.progress.forEach((s) => lines.push(s.step + ': ' + s.done + (s.total >= 0 ? '/' + s.total : '')));
    if (job.error) lines.push(job.error);
    const pre = document.createElement('pre');
    pre.textContent = lines.join('\n');
    element.replaceChildren(pre);
  }

  async function previewFile(file) {
    cancelEdit();
    await previewText(await file.text());
  }

  /** Asks the service what the geometry would change: tiles per zoom, size, the validation report. */
  async function previewText(text) {
    state.file = text;
    $('change-error').hidden = true;
    try {
      const p = await api('/v1/boundaries/' + encodeURIComponent(state.selected) + '/preview',
        {method: 'POST', headers: {'Content-Type': 'application/geo+json'}, body: state.file});
      state.preview = p;
      rows('preview-tiles', p.tiles ? Object.entries(p.tiles.byZoom).map(([z, n]) => [z, String(n)]) : []);
      $('preview-total').textContent = p.tiles
        ? t('total', {tiles: p.tiles.total, size: bytes(p.tiles.estimatedBytes), max: p.tiles.maxTiles})
        : t('noTiles');
      const issues = $('preview-issues');
      issues.replaceChildren(...(p.issues.length ? p.issues : [{severity: 'OK', message: t('noIssues'), code: ''}])
        .map((issue) => {
          const item = document.createElement('li');
          item.className = 'issue-' + issue.severity;
          item.textContent = issue.severity + (issue.code ? ' [' + issue.code + ']' : '') + ': ' + issue.message;
          return item;
        }));
      const confirm = $('preview-confirm');
      confirm.replaceChildren(...p.confirm.map((code) => {
        const label = document.createElement('label');
        const box = document.createElement('input');
        box.type = 'checkbox';
        box.value = code;
        label.append(box, ' ' + t('confirm', {code: code}));
        return label;
      }));
      $('apply').disabled = !p.changed;
      $('apply').textContent = p.changed ? t('apply') : t('unchanged');
      $('preview').hidden = false;
    } catch (e) {
      showIssues(e);
    }
  }

  function showIssues(e) {
    const issues = e.body && e.body.issues ? e.body.issues.map((i) => i.severity + ' [' + i.code + ']: ' + i.message) : [];
    $('change-error').textContent = [e.message].concat(issues).join('\n');
    $('change-error').hidden = false;
  }

  async function apply() {
    const codes = Array.from($('preview-confirm').querySelectorAll('input:checked')).map((box) => box.value);
    try {
      const update = await api('/v1/boundaries/' + encodeURIComponent(state.selected)
        + (codes.length ? '?confirm=' + codes.join(',') : ''),
        {method: 'PUT', headers: {'Content-Type': 'application/geo+json'}, body: state.file});
      $('preview').hidden = true;
      cancelEdit();
      await loadBoundaries();
      if (update.job) follow(update.job.id);
    } catch (e) {
      showIssues(e);
    }
  }

  async function follow(jobId) {
    $('job-live').hidden = false;
    const boundaryId = state.selected;
    for (;;) {
      const job = await api('/v1/jobs/' + encodeURIComponent(jobId));
      $('job-state').replaceChildren(badge(job.state.toLowerCase() === 'running' || job.state === 'QUEUED'
        ? 'building' : job.state === 'SUCCEEDED' ? 'current' : 'failed'), ' ', job.state);
      $('job-state').dataset.state = job.state;
      $('job-steps').replaceChildren(...job.progress.map((s) => {
        const item = document.createElement('li');
        item.textContent = s.step + ': ' + s.done + (s.total >= 0 ? '/' + s.total : '') + (s.finished ? ' ✓' : '');
        return item;
      }));
      if (job.state === 'SUCCEEDED' || job.state === 'FAILED') break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    await loadBoundaries();
    if (state.selected === boundaryId) await showOverview();
  }

  async function sendChange() {
    const kind = $('change-kind').value;
    const id = encodeURIComponent($('change-id').value.trim());
    const paths = {
      form: '/v1/forms/' + id,
      points: '/v1/boundaries/' + encodeURIComponent(state.selected || '') + '/points',
      i18n: '/v1/i18n/' + id,
      sos: '/v1/sos'
    };
    try {
      const result = await api(paths[kind], {method: 'PUT', headers: {'Content-Type': 'application/json'},
        body: $('change-body').value});
      $('change-result').textContent = JSON.stringify(result, null, 2);
      (result.rebuilds || []).forEach((job) => { if (job.boundaryId === state.selected) follow(job.id); });
    } catch (e) {
      $('change-result').textContent = e.message + (e.body && e.body.issues
        ? '\n' + e.body.issues.map((i) => i.severity + ' [' + i.code + ']: ' + i.message).join('\n') : '');
    }
  }

  async function showConflicts() {
    const list = $('conflicts');
    try {
      const answer = await api('/v1/conflicts');
      if (!answer.conflicts.length) {
        const item = document.createElement('li');
        item.textContent = t('noConflicts');
        list.replaceChildren(item);
        return;
      }
      list.replaceChildren(...answer.conflicts.map((c) => {
        const item = document.createElement('li');
        item.className = 'conflict';
        const details = document.createElement('details');
        const summary = document.createElement('summary');
        summary.textContent = c.clientReferenceId + ' · ' + c.formId + ' · ' + c.uploadedBy + ' · ' + c.receivedAt;
        const kept = document.createElement('pre');
        kept.textContent = t('kept') + '\n' + c.keptJson;
        const aside = document.createElement('pre');
        aside.textContent = t('keptAside') + '\n' + c.conflictJson;
        details.append(summary, kept, aside);
        item.appendChild(details);
        return item;
      }));
    } catch (e) {
      const item = document.createElement('li');
      item.className = 'error';
      item.textContent = e.message;
      list.replaceChildren(item);
    }
  }

  // Editing on the map: the selected boundary's rings get a handle per corner and one per edge.
  // Positions are [lon, lat] rounded to 6 decimals, as the service writes them; while editing a ring
  // is kept open (no closing position) and closed again for the GeoJSON sent.
  const VERTEX_ICON = L.divIcon({className: 'vertex-handle', iconSize: null});
  const MIDPOINT_ICON = L.divIcon({className: 'midpoint-handle', iconSize: null});

  function handleSize() {
    return window.matchMedia('(pointer: coarse)').matches ? 32 : 22;
  }

  function toLatLng(position) {
    return [position[1], position[0]];
  }

  function toPosition(latLng) {
    const round = (value) => Math.round(value * 1e6) / 1e6;
    return [round(latLng.lng), round(latLng.lat)];
  }

  function latLngs(polygons) {
    return polygons.map((polygon) => polygon.map((ring) => ring.map(toLatLng)));
  }

  function startEdit() {
    const feature = selectedFeature();
    if (!feature) return;
    cancelEdit();
    const geometry = feature.geometry;
    const polygons = (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates)
      .map((polygon) => polygon.map((ring) => ring.slice(0, -1).map((position) => [position[0], position[1]])));
    const edit = {boundaryId: feature.id, type: geometry.type, polygons: polygons, undo: [],
      handles: L.layerGroup().addTo(state.map)};
    edit.shape = L.polygon(latLngs(polygons),
      {color: '#0d47a1', weight: 3, dashArray: '6 4', fillOpacity: 0.15, interactive: false}).addTo(state.map);
    state.edit = edit;
    dimEdited();
    $('edit-start').hidden = true;
    $('edit-bar').hidden = false;
    $('preview').hidden = true;
    $('change-error').hidden = true;
    $('edit-undo').disabled = true;
    state.map.on('moveend', renderHandles);
    // clear of the map's edges, where a dragged handle pans the map
    state.map.fitBounds(edit.shape.getBounds(), {padding: [56, 56], animate: false});
    renderHandles();
  }

  function dimEdited() {
    state.layer.eachLayer((layer) => {
      if (state.edit && layer.feature.id === state.edit.boundaryId) layer.setStyle({opacity: 0.3, fillOpacity: 0.05});
    });
  }

  /** Leaves the editor; what was edited and not applied is dropped. */
  function cancelEdit() {
    const edit = state.edit;
    if (!edit) return;
    state.edit = null;
    state.map.off('moveend', renderHandles);
    edit.handles.remove();
    edit.shape.remove();
    if (state.layer) state.layer.eachLayer((layer) => state.layer.resetStyle(layer));
    $('edit-bar').hidden = true;
    const feature = selectedFeature();
    $('edit-start').hidden = !feature || !feature.properties.writable;
    $('preview').hidden = true;
    state.file = null;
  }

  /** Handles for the corners in view; none, with a hint, when they would be too dense to touch. */
  function renderHandles() {
    const edit = state.edit;
    if (!edit || edit.dragging) return; // the map pans under a handle dragged to its edge
    edit.handles.clearLayers();
    const size = handleSize();
    const area = state.map.getSize();
    const most = Math.max(50, Math.floor((area.x * area.y) / (4 * size * size)));
    const view = state.map.getBounds().pad(0.1);
    const visible = [];
    let corners = 0;
    edit.polygons.forEach((polygon, p) => polygon.forEach((ring, r) => ring.forEach((position, v) => {
      corners++;
      if (view.contains(toLatLng(position))) visible.push([p, r, v]);
    })));
    if (visible.length > most) {
      $('edit-status').textContent = t('zoomIn', {count: visible.length});
      return;
    }
    $('edit-status').textContent = t('corners', {count: corners});
    visible.forEach(([p, r, v]) => {
      addMidpoint(p, r, v, size);
      addVertex(p, r, v);
    });
  }

  function handle(latLng, icon, title) {
    const marker = L.marker(latLng, {draggable: true, autoPan: true, keyboard: false, icon: icon, title: title});
    marker.addTo(state.edit.handles);
    return marker;
  }

  function addVertex(p, r, v) {
    const ring = state.edit.polygons[p][r];
    const marker = handle(toLatLng(ring[v]), VERTEX_ICON, t('cornerTitle'));
    marker.on('dragstart', remember);
    marker.on('drag', () => { ring[v] = toPosition(marker.getLatLng()); redraw(); });
    marker.on('dragend', dropped);
    marker.on('click', () => removeVertex(p, r, v));
    const element = marker.getElement();
    element.dataset.ring = p + '.' + r;
    element.dataset.vertex = v;
    element.dataset.lon = ring[v][0];
    element.dataset.lat = ring[v][1];
  }

  /** Dragging the middle of an edge inserts a corner there; none on edges too short to hold one. */
  function addMidpoint(p, r, v, size) {
    const ring = state.edit.polygons[p][r];
    const next = (v + 1) % ring.length;
    const from = state.map.latLngToContainerPoint(toLatLng(ring[v]));
    const to = state.map.latLngToContainerPoint(toLatLng(ring[next]));
    if (from.distanceTo(to) < 2.5 * size) return;
    const middle = [(ring[v][1] + ring[next][1]) / 2, (ring[v][0] + ring[next][0]) / 2];
    const marker = handle(middle, MIDPOINT_ICON, t('midpointTitle'));
    marker.on('dragstart', (event) => {
      remember(event);
      ring.splice(v + 1, 0, toPosition(marker.getLatLng()));
    });
    marker.on('drag', () => { ring[v + 1] = toPosition(marker.getLatLng()); redraw(); });
    marker.on('dragend', dropped);
    marker.getElement().dataset.ring = p + '.' + r;
    marker.getElement().dataset.edge = v;
  }

  function removeVertex(p, r, v) {
    const ring = state.edit.polygons[p][r];
    if (ring.length <= 3) {
      $('edit-status').textContent = t('ringMinimum');
      return;
    }
    remember();
    ring.splice(v, 1);
    changed();
  }

  function remember(event) {
    if (event && event.type === 'dragstart') state.edit.dragging = true;
    state.edit.undo.push(JSON.stringify(state.edit.polygons));
  }

  function dropped() {
    state.edit.dragging = false;
    changed();
  }

  function undoEdit() {
    if (!state.edit || !state.edit.undo.length) return;
    state.edit.polygons = JSON.parse(state.edit.undo.pop());
    changed();
  }

  function redraw() {
    state.edit.shape.setLatLngs(latLngs(state.edit.polygons));
  }

  /** After each change: the shape and handles again, and an earlier preview no longer holds. */
  function changed() {
    if (!state.edit) return;
    redraw();
    renderHandles();
    $('edit-undo').disabled = state.edit.undo.length === 0;
    $('preview').hidden = true;
    state.file = null;
  }

  function editedGeometry() {
    const closed = state.edit.polygons.map((polygon) => polygon.map((ring) => ring.concat([ring[0]])));
    return state.edit.type === 'Polygon'
      ? {type: 'Polygon', coordinates: closed[0]}
      : {type: 'MultiPolygon', coordinates: closed};
  }

  // Users: an admin's form over PUT /v1/users/{id}; the token is sent as its SHA-256 only.
  function userBoundaryBoxes() {
    const checked = new Set(Array.from(document.querySelectorAll('#user-boundary-boxes input:checked'))
      .map((box) => box.value));
    $('user-boundary-boxes').replaceChildren(...state.boundaries.features.map((feature) => {
      const label = document.createElement('label');
      label.className = 'check';
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.value = feature.id;
      box.checked = checked.has(feature.id);
      label.append(box, ' ' + (feature.properties.name || feature.id));
      return label;
    }));
  }

  function userResult(lines, className) {
    const result = $('user-result');
    result.className = className || '';
    result.replaceChildren(...lines.map((line) => {
      const p = document.createElement('p');
      p.textContent = line;
      return p;
    }));
  }

  function apiIssues(e) {
    return [e.message].concat(e.body && e.body.issues
      ? e.body.issues.map((i) => i.severity + ' [' + i.code + ']: ' + i.message) : []);
  }

  function showUser(user) {
    $('user-name').value = user.name || '';
    $('user-role').value = user.role;
    document.querySelectorAll('#user-boundary-boxes input').forEach((box) => {
      box.checked = user.boundaries.includes(box.value);
    });
    $('user-disabled').checked = user.disabled;
    $('user-token').value = '';
  }

  function describeUser(user) {
    const names = user.boundaries.map((id) => {
      const feature = state.boundaries.features.find((f) => f.id === id);
      return feature ? feature.properties.name || id : id;
    });
    return user.id + (user.name ? ' (' + user.name + ')' : '') + ' · ' + t('role.' + user.role) + ' · ' + (names.join(', ') || '—')
      + (user.disabled ? ' · ' + t('disabled') : '');
  }

  async function loadUser() {
    const id = $('user-id').value.trim();
    if (!id) return;
    try {
      const user = await api('/v1/users/' + encodeURIComponent(id));
      showUser(user);
      userResult([describeUser(user)]);
    } catch (e) {
      userResult(e.status === 404 ? [t('newUser', {id: id})] : apiIssues(e), e.status === 404 ? '' : 'error');
    }
  }

  // The campaign's users, a page at a time (GET /v1/users); a click loads one into the form.
  async function listUsers(after) {
    const page = await api('/v1/users?limit=100' + (after ? '&after=' + encodeURIComponent(after) : ''));
    const items = page.users.map((user) => {
      const item = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.dataset.user = user.id;
      button.textContent = describeUser(user);
      button.addEventListener('click', () => {
        $('user-id').value = user.id;
        showUser(user);
        userResult([describeUser(user)]);
      });
      item.appendChild(button);
      return item;
    });
    if (after) $('user-list').append(...items);
    else $('user-list').replaceChildren(...items);
    state.usersNext = page.next;
    $('user-more').hidden = !page.next;
  }

  async function sha256Hex(text) {
    if (!window.crypto || !window.crypto.subtle) throw new Error(t('hashNeedsHttps'));
    const digest = await window.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
    return Array.from(new Uint8Array(digest)).map((b) => b.toString(16).padStart(2, '0')).join('');
  }

  function generateToken() {
    const bytes = window.crypto.getRandomValues(new Uint8Array(24));
    $('user-token').value = btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_');
  }

  async function saveUser(event) {
    event.preventDefault();
    const id = $('user-id').value.trim();
    if (!id) {
      userResult([t('userIdNeeded')], 'error');
      return;
    }
    const body = {
      name: $('user-name').value.trim(),
      role: $('user-role').value,
      boundaries: Array.from(document.querySelectorAll('#user-boundary-boxes input:checked')).map((box) => box.value),
      disabled: $('user-disabled').checked
    };
    try {
      const token = $('user-token').value.trim();
      if (token) body.tokenSha256 = await sha256Hex(token);
      const user = await api('/v1/users/' + encodeURIComponent(id),
        {method: 'PUT', headers: {'Content-Type': 'application/json'}, body: JSON.stringify(body)});
      showUser(user);
      userResult([t('saved', {user: describeUser(user)})], 'saved');
      await listUsers();
      if (token) {
        const given = document.createElement('p');
        const code = document.createElement('code');
        code.id = 'user-given-token';
        code.textContent = token;
        given.append(t('giveToken', {id: user.id}) + ' ', code);
        $('user-result').appendChild(given);
      }
    } catch (e) {
      userResult(apiIssues(e), 'error');
    }
  }

  function wire() {
    $('sign-in-form').addEventListener('submit', (event) => { event.preventDefault(); signIn($('token').value.trim()); });
    $('sign-out').addEventListener('click', () => { sessionStorage.removeItem('token'); location.reload(); });
    $('geojson-file').addEventListener('change', (event) => { if (event.target.files[0]) previewFile(event.target.files[0]); });
    const zone = $('drop-zone');
    zone.addEventListener('dragover', (event) => { event.preventDefault(); zone.classList.add('over'); });
    zone.addEventListener('dragleave', () => zone.classList.remove('over'));
    zone.addEventListener('drop', (event) => {
      event.preventDefault();
      zone.classList.remove('over');
      if (event.dataTransfer.files[0]) previewFile(event.dataTransfer.files[0]);
    });
    $('apply').addEventListener('click', apply);
    $('edit-start').addEventListener('click', startEdit);
    $('edit-preview').addEventListener('click', () => previewText(JSON.stringify(editedGeometry())));
    $('edit-undo').addEventListener('click', undoEdit);
    $('edit-cancel').addEventListener('click', cancelEdit);
    $('user-form').addEventListener('submit', saveUser);
    $('user-load').addEventListener('click', loadUser);
    $('user-more').addEventListener('click', () => listUsers(state.usersNext));
    $('user-generate').addEventListener('click', generateToken);
    $('send-change').addEventListener('click', sendChange);
    $('show-conflicts').addEventListener('click', showConflicts);
    const select = $('locale');
    LOCALES.forEach((locale) => {
      const option = document.createElement('option');
      option.value = locale;
      option.textContent = locale;
      select.appendChild(option);
    });
    select.addEventListener('change', () => loadLabels(select.value));
  }

  async function start() {
    wire();
    const wanted = localStorage.getItem('locale') || (navigator.language || 'en').slice(0, 2);
    const locale = LOCALES.includes(wanted) ? wanted : 'en';
    $('locale').value = locale;
    await loadLabels(locale);
    if (state.token) await signIn(state.token);
  }

  start();
})();
