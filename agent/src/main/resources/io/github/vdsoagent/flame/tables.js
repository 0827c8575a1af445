// The report's tables, from the report's JSON (the same fields as format=json; docs/report.md names them).
'use strict';
const report = JSON.parse(document.getElementById('report-data').textContent);

function fmt(n) {
  return n === null || n === undefined ? '-' : Number(n).toLocaleString('en-US');
}

function pct(part, whole) {
  return whole > 0 ? (100 * part / whole).toFixed(part === whole || part === 0 ? 0 : 1) + '%' : '-';
}

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

// A table from a header row and rows of cells; a cell is text, a number (right-aligned) or a DOM node.
function table(target, head, rows) {
  const t = typeof target === 'string' ? document.getElementById(target) : target;
  const tr = el('tr');
  head.forEach(h => tr.appendChild(el('th', h)));
  t.appendChild(tr);
  rows.forEach(cells => {
    const row = el('tr');
    cells.forEach(c => {
      if (c instanceof Node) { const td = el('td'); td.appendChild(c); row.appendChild(td); }
      else if (typeof c === 'number') row.appendChild(el('td', fmt(c), 'num'));
      else row.appendChild(el('td', c));
    });
    t.appendChild(row);
  });
  return t;
}

// The avoided/entered split as a bar.
function splitBar(avoided, entered) {
  const bar = el('div', null, 'bar');
  const whole = avoided + entered;
  [[avoided, 'avoided'], [entered, 'entered']].forEach(([n, cls]) => {
    const s = el('span', null, cls);
    s.style.width = (whole > 0 ? 100 * n / whole : 0) + '%';
    s.title = fmt(n) + ' ' + cls + ' (' + pct(n, whole) + ')';
    bar.appendChild(s);
  });
  return bar;
}

function summary() {
  const t = report.totals || {calls: 0, avoidedKernel: 0, enteredKernel: 0};
  const s = report.session || {};
  document.getElementById('summary').textContent = 'pid ' + report.pid + ': ' + fmt(t.calls) + ' time calls in '
    + fmt(s.durationMs) + ' ms from ' + s.startedAt + '; ' + fmt(t.avoidedKernel) + ' avoided the kernel, '
    + fmt(t.enteredKernel) + ' entered it (' + pct(t.enteredKernel, t.calls) + ').';
  document.title = document.title || 'vdso-agent report';
}

function apis() {
  const rows = (report.apis || []).map(a => [a.api, a.calls, a.avoidedKernel, a.enteredKernel,
    splitBar(a.avoidedKernel, a.enteredKernel), a.clock, a.verdict + ' (' + a.evidence + ')']);
  const t = report.totals;
  if (t) rows.push(['total', t.calls, t.avoidedKernel, t.enteredKernel, splitBar(t.avoidedKernel, t.enteredKernel), '', '']);
  table('apis', ['API', 'calls', 'avoided kernel', 'entered kernel', 'split', 'clock', 'verdict'], rows);
}

function kernel() {
  const k = report.kernelCheck, box = document.getElementById('kernel');
  if (!k) { box.appendChild(el('p', 'no kernel check in this report')); return; }
  box.appendChild(el('p', 'method: ' + k.method + (k.available ? '' : ' (not available: ' + k.reason + ')')));
  if (k.othersNotUsed) box.appendChild(el('p', k.othersNotUsed, 'note'));
  table(box.appendChild(el('table')), ['clock', 'verdict', 'evidence', 'probe reads', 'in kernel', 'vDSO ns', 'syscall ns', 'why'],
    (k.clocks || []).map(c => [c.clock, c.verdict, c.evidence, c.probeCalls, c.probeSyscalls, c.vdsoNs, c.syscallNs, c.why]));
  if (k.warning) box.appendChild(el('p', k.warning, 'note'));
}

function sites() {
  const rows = (report.sites || []).map(s => [s.calls,
    el('span', s.class + '.' + s.method + '(' + (s.file || 'Unknown Source') + (s.line >= 0 ? ':' + s.line : '') + ')', 'mono'),
    s.api]);
  table('sites', ['calls', 'site', 'API'], rows);
  document.getElementById('sites').after(el('p', fmt(rows.length) + ' of ' + fmt(report.sitesWithCalls)
    + ' sites with calls (top=)', 'note'));
}

function host() {
  const box = document.getElementById('host');
  const cs = report.clocksource || {};
  const rows = [['kernel', report.kernel + ', ' + report.arch], ['JDK', report.jdk],
    ['clocksource', cs.current + ' (available: ' + (cs.available || []).join(' ') + ')'],
    ['backend', report.backend + (report.clock ? ', clock=' + report.clock : '')]];
  if (report.backendReason) rows.push(['why this backend', report.backendReason]);
  if (report.jniEntry) rows.push(['JNI entry', (report.jniEntry.critical ? 'critical: ' : '') + report.jniEntry.detail]);
  if (report.agent) rows.push(['options', report.agent.options || '(defaults)']);
  table(box.appendChild(el('table')), ['', ''], rows);
  if ((report.clocks || []).length) {
    box.appendChild(el('p', 'rough timing of one read, taken as the JVM started:', 'note'));
    table(box.appendChild(el('table')), ['clock', 'id', 'vDSO ns', 'syscall ns'],
      report.clocks.map(c => [c.name, c.id, c.vdsoNs, c.syscallNs]));
  }
}

function vdso() {
  const v = report.vdso, box = document.getElementById('vdso');
  if (!v) { box.appendChild(el('p', report.vdsoError || 'no vDSO in this report')); return; }
  box.appendChild(el('p', 'at ' + v.base + ' (found with ' + v.source + '); clock_gettime resolved: '
    + v.clockGettime.name + '@' + v.clockGettime.version + ' at ' + v.clockGettime.address));
  table(box.appendChild(el('table', null, 'mono')), ['start', 'end', 'perms', 'name', 'bytes'],
    (v.maps || []).map(m => [m.start, m.end, m.perms, m.name, Number(BigInt(m.end) - BigInt(m.start))]));
  box.appendChild(el('p', 'time functions:', 'note'));
  table(box.appendChild(el('table', null, 'mono')), ['symbol', 'version', 'offset', 'binding'],
    (v.symbols || []).map(s => [s.name, s.version, s.offset, s.binding]));
}

[summary, apis, kernel, sites, host, vdso].forEach(section => {
  try { section(); } catch (e) { console.error('vdso-agent: the ' + section.name + ' section failed: ' + e); }
});
