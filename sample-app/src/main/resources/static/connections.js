/*
 * The live connections page: polls /actuator/connections (and HikariCP's acquisition timer
 * under /actuator/metrics) and keeps a rolling window of every pool in the browser. Plain
 * JavaScript and inline SVG: nothing to build, nothing fetched from elsewhere.
 *
 * Query parameters: interval (milliseconds between polls, default 1000), minutes (the
 * window, default 5), actuator (the actuator's base path, default "actuator").
 */
(() => {
  'use strict';

  const params = new URLSearchParams(window.location.search);
  const INTERVAL_MS = clamp(Number(params.get('interval')) || 1000, 250, 60000);
  const WINDOW_MS = clamp(Number(params.get('minutes')) || 5, 1, 60) * 60000;
  const MIN_SPAN_MS = 10000;
  const ACTUATOR = (params.get('actuator') || 'actuator').replace(/\/+$/, '');
  const SVG = 'http://www.w3.org/2000/svg';

  const pools = new Map();
  const container = document.getElementById('pools');
  const status = document.getElementById('status');
  let polls = 0;
  let firstSample = null;

  function clamp(value, min, max) {
    return Math.min(max, Math.max(min, value));
  }

  function element(tag, attributes, ...children) {
    const node = document.createElement(tag);
    Object.entries(attributes || {}).forEach(([name, value]) => node.setAttribute(name, value));
    children.forEach((child) => node.append(child));
    return node;
  }

  function svgElement(tag, attributes) {
    const node = document.createElementNS(SVG, tag);
    Object.entries(attributes || {}).forEach(([name, value]) => node.setAttribute(name, value));
    return node;
  }

  function parseMillis(text) {
    const match = /^(-?\d+)ms$/.exec(text || '');
    return match ? Number(match[1]) : null;
  }

  function formatMillis(ms) {
    if (ms === null || ms === undefined || Number.isNaN(ms)) {
      return '—';
    }
    const abs = Math.abs(ms);
    if (abs < 1000) {
      return `${Math.round(ms)} ms`;
    }
    if (abs < 60000) {
      return `${(ms / 1000).toFixed(1)} s`;
    }
    const minutes = Math.floor(abs / 60000);
    const seconds = Math.round((abs % 60000) / 1000);
    return `${ms < 0 ? '-' : ''}${minutes} min ${seconds} s`;
  }

  function formatWait(ms) {
    if (ms === null || ms === undefined) {
      return '—';
    }
    if (ms === 0) {
      return '0 ms';
    }
    if (ms < 0.01) {
      return '< 0.01 ms';
    }
    return ms < 10 ? `${ms.toFixed(2)} ms` : `${Math.round(ms)} ms`;
  }

  function formatPercent(value) {
    return `${Math.round(value)} %`;
  }

  function niceCeiling(value) {
    if (value <= 0) {
      return 1;
    }
    const magnitude = Math.pow(10, Math.floor(Math.log10(value)));
    for (const step of [1, 2, 2.5, 5, 10]) {
      if (step * magnitude >= value) {
        return step * magnitude;
      }
    }
    return 10 * magnitude;
  }

  function tickStep(span) {
    for (const step of [5000, 10000, 15000, 30000, 60000, 120000, 300000, 600000]) {
      if (span / step <= 6) {
        return step;
      }
    }
    return 1200000;
  }

  function tickLabel(ago) {
    if (ago === 0) {
      return 'now';
    }
    const minutes = Math.floor(ago / 60000);
    const seconds = Math.round((ago % 60000) / 1000);
    if (!minutes) {
      return `-${seconds}s`;
    }
    return seconds ? `-${minutes}m${seconds}s` : `-${minutes}min`;
  }

  async function readJson(path) {
    const response = await fetch(`${ACTUATOR}/${path}`, {
      headers: { Accept: 'application/json' },
      cache: 'no-store',
    });
    if (!response.ok) {
      const error = new Error(`${response.status} from /${ACTUATOR}/${path.split('?')[0]}`);
      error.status = response.status;
      throw error;
    }
    return response.json();
  }

  async function readAcquisitions(pool) {
    try {
      const metric = await readJson(
        `metrics/hikaricp.connections.acquire?tag=pool:${encodeURIComponent(pool)}`);
      const statistic = (name) => {
        const found = (metric.measurements || []).find((m) => m.statistic === name);
        return found ? found.value : null;
      };
      return { count: statistic('COUNT'), total: statistic('TOTAL_TIME'), max: statistic('MAX') };
    }
    catch (error) {
      return null;
    }
  }

  /* One pool: its card, its samples and the rotations seen while watching. */
  class Pool {

    constructor(name) {
      this.name = name;
      this.samples = [];
      this.rotations = [];
      this.generation = null;
      this.acquisitions = null;
      this.lastSeen = null;
      this.build();
    }

    build() {
      const fact = (label, field) => {
        const value = element('dd', { 'data-field': field }, '—');
        return [element('div', {}, element('dt', {}, label), value), value];
      };
      this.stateBadge = element('span', { class: 'badge', 'data-field': 'state' }, '…');
      this.breakerBadge = element('span', { class: 'badge breaker', 'data-field': 'breaker' }, 'no breaker');
      const [connections, connectionsValue] = fact('Connections', 'connections');
      const [credentials, credentialsValue] = fact('Credentials', 'credentials');
      const [lease, leaseValue] = fact('Lease time left', 'lease-left');
      const [next, nextValue] = fact('Next renewal or rotation', 'next-rotation');
      const [last, lastValue] = fact('Last rotation', 'last-rotation');
      const [seen, seenValue] = fact('Rotations seen here', 'rotations');
      this.generationValue = element('strong', { 'data-field': 'generation' }, '—');
      this.problem = element('dd', { class: 'problem', 'data-field': 'problem' });
      this.problemRow = element('div', { hidden: '' }, element('dt', {}, 'Problem'), this.problem);
      this.facts = {
        connections: connectionsValue, credentials: credentialsValue, lease: leaseValue,
        next: nextValue, last: lastValue, seen: seenValue,
      };
      seenValue.setAttribute('data-rotations', '0');
      seenValue.textContent = '0';

      this.charts = {
        connections: this.chart('connections', 'Connections', [
          { key: 'active', label: 'active', color: 'var(--active)' },
          { key: 'idle', label: 'idle', color: 'var(--idle)' },
          { key: 'pending', label: 'pending', color: 'var(--pending)' },
          { key: 'max', label: 'maximum', color: 'var(--limit)', dashed: true },
        ]),
        wait: this.chart('wait', 'Acquisition wait (mean per poll)', [
          { key: 'wait', label: 'wait', color: 'var(--wait)', format: formatWait },
          { key: 'waitMax', label: 'max, recent', color: 'var(--limit)', format: formatWait, legendOnly: true },
        ]),
        lease: this.chart('lease', 'Credentials: lease time left', [
          { key: 'leaseLeft', label: 'left', color: 'var(--lease)', format: (s) => formatMillis(s * 1000) },
        ]),
        breaker: this.chart('breaker', 'Circuit breaker', [
          { key: 'failureRate', label: 'failure rate', color: 'var(--open)', format: formatPercent },
          { key: 'refused', label: 'refused', color: 'var(--limit)', legendOnly: true },
        ], { top: 100, band: 'breaker' }),
      };
      this.leaseFigure = this.charts.lease.figure;

      this.card = element('section', { class: 'pool', 'data-pool': this.name },
        element('header', {}, element('h2', {}, this.name), this.stateBadge, this.breakerBadge),
        element('dl', { class: 'facts' }, connections, credentials, lease, next, last, seen, this.problemRow),
        element('div', { class: 'charts' }, ...Object.values(this.charts).map((chart) => chart.figure)));
      container.append(this.card);
    }

    chart(id, title, series, options) {
      const caption = element('figcaption', {}, element('strong', {}, title));
      const values = {};
      series.forEach((s) => {
        const value = element('span', {}, '—');
        values[s.key] = value;
        caption.append(element('span', { class: 'key', style: `color: ${s.color}` }, `${s.label} `, value));
      });
      if (options && options.band) {
        [['closed', 'var(--closed)'], ['half open', 'var(--half-open)'], ['open', 'var(--open)']]
          .forEach(([state, color]) => caption.append(
            element('span', { class: 'key band', style: `color: ${color}` }, state)));
      }
      const svg = svgElement('svg', {
        class: 'chart', 'data-chart': id, 'data-points': '0', role: 'img', 'aria-label': `${title} of ${this.name}`,
      });
      const figure = element('figure', {}, caption, svg);
      return { figure, svg, series, values, options: options || {} };
    }

    record(description, acquisitions, now, previousPoll) {
      const connections = description.connections || null;
      const credentials = description.credentials || {};
      const breaker = description.circuitBreaker || null;
      let wait = null;
      if (acquisitions && this.acquisitions && acquisitions.count !== null && this.acquisitions.count !== null) {
        const count = acquisitions.count - this.acquisitions.count;
        const total = acquisitions.total - this.acquisitions.total;
        if (count > 0 && total >= 0) {
          wait = (total / count) * 1000;
        }
      }
      this.acquisitions = acquisitions;
      const leaseLeft = parseMillis(credentials.leaseTimeLeft);
      this.samples.push({
        t: now,
        active: connections ? connections.active : null,
        idle: connections ? connections.idle : null,
        pending: connections ? connections.pending : null,
        max: description.maximumPoolSize,
        wait,
        waitMax: acquisitions && acquisitions.max !== null ? acquisitions.max * 1000 : null,
        leaseLeft: leaseLeft !== null ? leaseLeft / 1000 : null,
        breaker: breaker ? breaker.state : null,
        failureRate: breaker && breaker.failureRate >= 0 ? breaker.failureRate : null,
        refused: breaker ? breaker.notPermittedCalls : null,
      });
      const generation = credentials.generation;
      if (typeof generation === 'number') {
        if (this.generation !== null && generation > this.generation) {
          this.rotations.push({ t: this.rotationTime(credentials.lastRotation, previousPoll, now), generation });
        }
        this.generation = generation;
      }
      while (this.samples.length && this.samples[0].t < now - WINDOW_MS) {
        this.samples.shift();
      }
      while (this.rotations.length && this.rotations[0].t < now - WINDOW_MS) {
        this.rotations.shift();
      }
      this.lastSeen = now;
      this.describe(description, now);
    }

    /* When the rotation happened, kept between the two polls that saw it so that a clock
       difference between server and browser cannot move it outside. */
    rotationTime(lastRotation, previousPoll, now) {
      const reported = Date.parse(lastRotation || '');
      const earliest = previousPoll !== null ? previousPoll : now;
      return Number.isNaN(reported) ? now : clamp(reported, earliest, now);
    }

    describe(description, now) {
      const connections = description.connections;
      const credentials = description.credentials || {};
      const breaker = description.circuitBreaker;
      this.stateBadge.textContent = description.state + (description.lazy ? ' · lazy' : '');
      this.stateBadge.setAttribute('data-state', description.state);
      this.facts.connections.textContent = connections
        ? `${connections.active} active · ${connections.idle} idle · ${connections.pending} pending · `
          + `${connections.total} of ${description.maximumPoolSize} open`
        : `none open (maximum ${description.maximumPoolSize})`;

      this.facts.credentials.replaceChildren(`${credentials.source || '—'} · generation `, this.generationValue);
      this.generationValue.textContent = credentials.generation !== undefined ? credentials.generation : '—';
      this.generationValue.setAttribute('data-generation',
        credentials.generation !== undefined ? String(credentials.generation) : '');
      const leaseLeft = parseMillis(credentials.leaseTimeLeft);
      this.facts.lease.textContent = leaseLeft !== null ? formatMillis(leaseLeft) : 'no lease';
      this.facts.lease.setAttribute('data-lease-left-ms', leaseLeft !== null ? String(leaseLeft) : '');
      const next = Date.parse(credentials.nextRotation || '');
      this.facts.next.textContent = Number.isNaN(next) ? 'none scheduled' : `in ${formatMillis(Math.max(0, next - now))}`;
      const last = Date.parse(credentials.lastRotation || '');
      this.facts.last.textContent = Number.isNaN(last) ? 'none yet' : `${formatMillis(Math.max(0, now - last))} ago`;
      this.facts.seen.textContent = String(this.rotations.length);
      this.facts.seen.setAttribute('data-rotations', String(this.rotations.length));
      const failed = credentials.failedAttempts ? `, ${credentials.failedAttempts} failed attempts` : '';
      this.problem.textContent = (credentials.problem || '') + (credentials.problem ? failed : '');
      this.problemRow.hidden = !credentials.problem;

      const state = breaker ? breaker.state : null;
      this.breakerBadge.textContent = state ? `breaker ${state.replace('_', ' ').toLowerCase()}` : 'no breaker';
      this.breakerBadge.className = `badge breaker ${state ? state.toLowerCase() : ''}`;
      this.breakerBadge.setAttribute('data-breaker', state || '');
      this.leaseFigure.hidden = leaseLeft === null && !this.samples.some((s) => s.leaseLeft !== null);
    }

    draw(tmin, tmax) {
      Object.values(this.charts).forEach((chart) => drawChart(chart, this.samples, this.rotations, tmin, tmax));
    }

  }

  const PLOT = { height: 160, left: 54, right: 12, top: 14, bottom: 22, band: 8 };

  /* Draws at the chart's own size in pixels, so that text keeps one size in every chart. */
  function drawChart(chart, samples, rotations, tmin, tmax) {
    const { svg, series, values, options } = chart;
    const plotted = series.filter((s) => !s.legendOnly);
    const outer = Math.max(200, Math.round(svg.getBoundingClientRect().width) || 600);
    svg.setAttribute('viewBox', `0 0 ${outer} ${PLOT.height}`);
    svg.setAttribute('height', String(PLOT.height));
    const width = outer - PLOT.left - PLOT.right;
    const band = options.band ? PLOT.band + 4 : 0;
    const height = PLOT.height - PLOT.top - PLOT.bottom - band;
    let highest = 0;
    plotted.forEach((s) => samples.forEach((sample) => {
      if (sample[s.key] !== null && sample[s.key] > highest) {
        highest = sample[s.key];
      }
    }));
    const top = options.top || niceCeiling(highest);
    const x = (t) => PLOT.left + ((clamp(t, tmin, tmax) - tmin) / (tmax - tmin)) * width;
    const y = (v) => PLOT.top + height - (v / top) * height;
    const format = plotted[0].format || ((v) => String(v));

    svg.replaceChildren();
    [0, 0.5, 1].forEach((fraction) => {
      const at = y(fraction * top);
      svg.append(svgElement('line', { class: 'grid', x1: PLOT.left, x2: outer - PLOT.right, y1: at, y2: at }));
      const label = svgElement('text', { x: PLOT.left - 6, y: at + 3, 'text-anchor': 'end' });
      label.textContent = format(fraction * top);
      svg.append(label);
    });
    const step = tickStep(tmax - tmin);
    for (let ago = 0; ago <= tmax - tmin; ago += step) {
      const at = x(tmax - ago);
      svg.append(svgElement('line', {
        class: 'grid', x1: at, x2: at, y1: PLOT.top + height + band, y2: PLOT.top + height + band + 4,
      }));
      const label = svgElement('text', { x: at, y: PLOT.height - 4, 'text-anchor': ago === 0 ? 'end' : 'middle' });
      label.textContent = tickLabel(ago);
      svg.append(label);
    }
    rotations.filter((r) => r.t >= tmin).forEach((rotation) => {
      const at = x(rotation.t);
      svg.append(svgElement('line', {
        class: 'rotation', x1: at, x2: at, y1: PLOT.top - 2, y2: PLOT.top + height,
        'data-generation': String(rotation.generation),
      }));
      const label = svgElement('text', { class: 'rotation-label', x: at + 3, y: PLOT.top - 4 });
      label.textContent = `g${rotation.generation}`;
      svg.append(label);
    });
    let drawn = options.band ? drawBand(svg, samples, options.band, x, PLOT.top + height + 3, tmin, tmax) : 0;
    plotted.forEach((s) => {
      let path = '';
      let penDown = false;
      let points = 0;
      samples.forEach((sample) => {
        const value = sample[s.key];
        if (value === null || value === undefined || sample.t < tmin) {
          penDown = false;
          return;
        }
        path += `${penDown ? 'L' : 'M'}${x(sample.t).toFixed(1)} ${y(value).toFixed(1)}`;
        penDown = true;
        points++;
      });
      const line = svgElement('path', {
        class: `series${s.dashed ? ' dashed' : ''}`, d: path || 'M0 0', 'data-series': s.key,
        'data-points': String(points), style: `stroke: ${s.color}`,
      });
      svg.append(line);
      drawn = Math.max(drawn, points);
    });
    if (options.band && samples.length && !drawn) {
      const note = svgElement('text', { x: PLOT.left + 8, y: PLOT.top + 16 });
      note.textContent = 'no circuit breaker guards this pool';
      svg.append(note);
    }
    svg.setAttribute('data-points', String(drawn));
    const latest = samples.length ? samples[samples.length - 1] : null;
    series.forEach((s) => {
      const value = latest ? latest[s.key] : null;
      values[s.key].textContent = value === null || value === undefined ? '—' : (s.format || String)(value);
    });
  }

  /* A band of states along the time axis, such as the circuit breaker's: one stretch per
     run of equal states. Returns how many samples it covers. */
  function drawBand(svg, samples, key, x, at, tmin, tmax) {
    let covered = 0;
    let stretch = null;
    const close = (end) => {
      const state = stretch.state.toLowerCase();
      const known = ['closed', 'half_open', 'open', 'forced_open'].includes(state) ? state : 'other';
      svg.append(svgElement('rect', {
        class: `band-${known}`, x: x(stretch.start), y: at, height: PLOT.band,
        width: Math.max(1, x(end) - x(stretch.start)), 'data-state': stretch.state,
      }));
      stretch = null;
    };
    samples.forEach((sample) => {
      if (sample.t < tmin) {
        return;
      }
      const state = sample[key];
      if (stretch && stretch.state !== state) {
        close(sample.t);
      }
      if (state && !stretch) {
        stretch = { state, start: sample.t };
      }
      if (state) {
        covered++;
      }
    });
    if (stretch) {
      close(tmax);
    }
    return covered;
  }

  function report(text, error) {
    status.textContent = text;
    status.classList.toggle('error', Boolean(error));
    status.setAttribute('data-polls', String(polls));
  }

  let previousPoll = null;

  async function poll() {
    const started = Date.now();
    try {
      const body = await readJson('connections');
      const described = body.pools || {};
      const names = Object.keys(described);
      const acquisitions = await Promise.all(names.map(readAcquisitions));
      const now = Date.now();
      if (firstSample === null) {
        firstSample = now;
      }
      names.forEach((name, index) => {
        if (!pools.has(name)) {
          pools.set(name, new Pool(name));
        }
        pools.get(name).record(described[name], acquisitions[index], now, previousPoll);
      });
      previousPoll = now;
      polls++;
      const tmax = now;
      const tmin = Math.min(Math.max(firstSample, now - WINDOW_MS), now - MIN_SPAN_MS);
      pools.forEach((pool) => pool.draw(tmin, tmax));
      if (!names.length) {
        container.replaceChildren(element('p', { class: 'empty' }, 'The application has no connmgmt pool.'));
      }
      report(`${names.length} pool${names.length === 1 ? '' : 's'} · updated ${new Date(now).toLocaleTimeString()}`
        + ` · every ${formatMillis(INTERVAL_MS)}, last ${Math.round(WINDOW_MS / 60000)} min kept`, false);
    }
    catch (error) {
      report(`Cannot read the actuator: ${error.message}. Is /${ACTUATOR}/connections exposed`
        + ' (management.endpoints.web.exposure.include)? Retrying.', true);
    }
    finally {
      window.setTimeout(poll, Math.max(0, INTERVAL_MS - (Date.now() - started)));
    }
  }

  poll();
})();
