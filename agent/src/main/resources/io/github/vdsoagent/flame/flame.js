// The flame graph of where time calls come from: the root on top, each frame as wide as its calls (exact counts,
// the samples only give the shape), the time API as the leaf. Click to zoom, search to highlight, hover for figures.
'use strict';
(function () {
  const ROW = 17, MIN_WIDTH = 0.4;
  const data = JSON.parse(document.getElementById('flame-data').textContent);
  const names = data.names, s = data.stacks;
  const canvas = document.getElementById('flame'), ctx = canvas.getContext('2d');
  const tip = document.getElementById('flame-tip');

  // The tree, from the stacks in walk order: each shares its first frames with the one before.
  const root = {name: -1, value: 0, entered: 0, children: [], parent: null, depth: 0};
  const all = [root];
  let path = [root], maxDepth = 0;
  for (let i = 0; i < s.length;) {
    const shared = s[i++], fresh = s[i++];
    path.length = shared + 1;
    for (let k = 0; k < fresh; k++) {
      const parent = path[path.length - 1];
      const node = {name: s[i++], value: 0, entered: 0, children: [], parent: parent, depth: parent.depth + 1};
      parent.children.push(node);
      path.push(node);
      all.push(node);
    }
    const weight = s[i++], entered = s[i++];
    path.forEach(n => { n.value += weight; n.entered += entered; });
    maxDepth = Math.max(maxDepth, path.length - 1);
  }
  // Each frame's API, for its colour: a leaf is its API; a frame takes the API of its heaviest child.
  for (let i = all.length - 1; i > 0; i--) {
    const n = all[i];
    if (n.children.length === 0) n.api = n.name;
    if (!n.parent.best || n.value > n.parent.best) { n.parent.best = n.value; n.parent.api = n.api; }
  }
  all.forEach(n => n.children.sort((a, b) => label(a) < label(b) ? -1 : label(a) > label(b) ? 1 : 0));
  // Each frame's offset from the left edge, in calls (parents come before their children in all).
  root.start = 0;
  for (const n of all) {
    let x = n.start;
    for (const c of n.children) { c.start = x; x += c.value; }
  }

  function label(n) {
    return n.name < 0 ? 'all' : names[n.name];
  }

  const apiColours = {};
  const palette = ['#e6a23c', '#5b8ff9', '#5ad8a6', '#f6bd16', '#e8684a', '#6dc8ec', '#9270ca', '#ff9d4d', '#269a99',
    '#ff99c3', '#5d7092', '#b5c334', '#c27c88', '#3ba272', '#fc8452', '#73c0de', '#9a60b4', '#ea7ccc', '#91cc75', '#fac858'];
  function colour(n) {
    if (n.hit) return '#e040fb';
    if (mode === 'kernel') {
      const f = n.value > 0 ? n.entered / n.value : 0;
      const mix = (a, b) => Math.round(a + (b - a) * f);
      return 'rgb(' + mix(0x4c, 0xd0) + ',' + mix(0x9a, 0x45) + ',' + mix(0x55, 0x3b) + ')';
    }
    if (n.api === undefined) return '#bbb';
    const api = names[n.api];
    if (!(api in apiColours)) apiColours[api] = palette[Object.keys(apiColours).length % palette.length];
    return apiColours[api];
  }

  let zoom = root, mode = 'api', rows = [], matched = 0;

  function draw() {
    const width = canvas.parentElement.clientWidth, ratio = window.devicePixelRatio || 1;
    const height = (maxDepth + 1) * ROW;
    canvas.width = width * ratio;
    canvas.height = height * ratio;
    canvas.style.height = height + 'px';
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    ctx.font = '11px ui-monospace, monospace';
    ctx.textBaseline = 'middle';
    rows = [];
    for (let a = zoom.parent; a; a = a.parent) box(a, 0, width, true);
    const scale = zoom.value > 0 ? width / zoom.value : 0;
    const stack = [[zoom, 0]];
    while (stack.length) {
      const [n, x] = stack.pop();
      const w = n.value * scale;
      if (w < MIN_WIDTH) continue;
      box(n, x, w, false);
      for (const c of n.children) stack.push([c, x + (c.start - n.start) * scale]);
    }
    document.getElementById('flame-path').textContent = zoom === root ? 'all calls; click a frame to zoom in'
      : 'zoomed on: ' + label(zoom) + ' (' + fmt(zoom.value) + ' calls, ' + pct(zoom.value, root.value) + ' of all)';
  }

  function box(n, x, w, faded) {
    const y = n.depth * ROW;
    (rows[n.depth] = rows[n.depth] || []).push({x: x, w: w, node: n});
    ctx.globalAlpha = faded ? 0.45 : 1;
    ctx.fillStyle = n === root ? '#d9d9d9' : colour(n);
    ctx.fillRect(x, y, Math.max(w - 0.5, 0.5), ROW - 1);
    if (w > 30) {
      ctx.fillStyle = '#000';
      const text = n === root ? 'all: ' + fmt(n.value) + ' calls' : label(n);
      const fit = Math.floor((w - 6) / 6.6);
      ctx.fillText(text.length > fit ? text.slice(0, Math.max(fit - 1, 0)) + '\u2026' : text, x + 3, y + ROW / 2);
    }
    ctx.globalAlpha = 1;
  }

  function nodeAt(x, y) {
    const r = rows[Math.floor(y / ROW)] || [];
    for (const b of r) if (x >= b.x && x < b.x + b.w) return b;
    return null;
  }

  function describe(n) {
    const lines = [label(n), fmt(n.value) + ' calls: ' + pct(n.value, root.value) + ' of all'
      + (zoom !== root ? ', ' + pct(n.value, zoom.value) + ' of the zoomed frame' : ''),
      'entered the kernel: ' + fmt(n.entered) + ' (' + pct(n.entered, n.value) + '), avoided: ' + fmt(n.value - n.entered)];
    if (n.api !== undefined && n.children.length) lines.push('mostly ' + names[n.api]);
    return lines.join('\n');
  }

  canvas.addEventListener('mousemove', e => {
    const r = canvas.getBoundingClientRect(), b = nodeAt(e.clientX - r.left, e.clientY - r.top);
    if (!b) { tip.hidden = true; return; }
    tip.textContent = describe(b.node);
    tip.style.whiteSpace = 'pre-wrap';
    tip.style.left = Math.min(e.clientX - r.left + 12, r.width - 320) + 'px';
    tip.style.top = (e.clientY - r.top + 14) + 'px';
    tip.hidden = false;
  });
  canvas.addEventListener('mouseleave', () => { tip.hidden = true; });
  canvas.addEventListener('click', e => {
    const r = canvas.getBoundingClientRect(), b = nodeAt(e.clientX - r.left, e.clientY - r.top);
    if (b) { zoom = b.node; draw(); }
  });
  document.getElementById('flame-reset').addEventListener('click', () => { zoom = root; draw(); });
  document.getElementById('flame-colour').addEventListener('change', e => { mode = e.target.value; draw(); });
  document.getElementById('flame-search').addEventListener('input', e => search(e.target.value));
  window.addEventListener('resize', draw);

  // Highlights the frames whose name matches; the share counts each matched call once (not again under a match).
  function search(text) {
    let test = null;
    if (text.length > 2 && text.startsWith('/') && text.endsWith('/')) {
      try { const re = new RegExp(text.slice(1, -1)); test = name => re.test(name); } catch (err) { test = null; }
    } else if (text) {
      const lower = text.toLowerCase();
      test = name => name.toLowerCase().includes(lower);
    }
    matched = 0;
    for (const n of all) {
      n.hit = test !== null && n !== root && test(label(n));
      if (n.hit && !hasHitAncestor(n)) matched += n.value;
    }
    document.getElementById('flame-match').textContent = test === null ? ''
      : 'matched: ' + pct(matched, root.value) + ' of all calls (' + fmt(matched) + ')';
    draw();
  }

  function hasHitAncestor(n) {
    for (let a = n.parent; a; a = a.parent) if (a.hit) return true;
    return false;
  }

  const st = report.stackSampling;
  // Sampling starts with the set-up, after startdelay: calls before it were counted but never sampled.
  const from = st === undefined || !(st.sampledFromMs > 0) ? ''
    : ' of the ' + fmt(st.callsWhileSampling) + ' made from '
      + (st.sampledFromMs < 1000 ? st.sampledFromMs + ' ms' : (st.sampledFromMs / 1000).toFixed(1) + ' s')
      + ' on (when the set-up started sampling)';
  document.getElementById('flame-note').textContent = st === undefined ? '' : (st.every > 0 && st.sampledFromMs < 0
    ? 'Stacks: none sampled yet (sampling starts with the set-up, after startdelay). '
    : st.every > 0
    ? 'Stacks: one call in ' + fmt(st.every) + ' sampled' + from + ', at most ' + fmt(st.perSecond) + ' a second, '
      + st.depth + ' frames deep; ' + fmt(st.samples) + ' samples. '
    : 'Stack sampling was off (stacks=0): each site stands as its own frame. ')
    + 'Widths are exact call counts: each site\'s calls are split over its sampled stacks by their samples; '
    + fmt(st.sitesWithoutSample) + ' sites with calls but no sample stand as their own frame.';

  draw();
  document.body.dataset.renderMs = performance.now().toFixed(0);
  // For tests and for the console: the model behind the drawing.
  window.vdsoFlame = {
    root: root, names: names, zoomed: () => zoom, matched: () => matched, label: label,
    rectOf: name => { for (const r of rows) for (const b of r || []) if (label(b.node) === name) return {x: b.x, y: b.node.depth * ROW, w: b.w, h: ROW}; return null; },
  };
})();
