'use strict';
// The planner console: signs in with a bearer token and uses the same API as every client.
(function () {
  const COLOURS = {current: '#2e7d32', building: '#f9a825', failed: '#c62828', outdated: '#6a1b9a', none: '#78909c'};
  const LOCALES = ['en', 'fr', 'ca'];
  const state = {token: sessionStorage.getItem('token'), labels: {}, me: null, layer: null, selected: null,
    file: null, preview: null, map: null, fitted: false};
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
      $('who').textContent = me.id + ' · ' + t('role.' + me.role);
      $('sign-in').hidden = true;
      $('workspace').hidden = false;
      $('sign-out').hidden = false;
      startMap();
      await loadBoundaries();
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
  }

  async function select(boundaryId) {
    state.selected = boundaryId;
    $('panel-empty').hidden = true;
    $('panel-body').hidden = false;
    $('preview').hidden = true;
    $('change-error').hidden = true;
    await showOverview();
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
    state.file = await file.text();
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
      sos: '/v1/sos',
      user: '/v1/users/' + id
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
