/* Lobby display: calls, windows, queues, notices, and the call voice. */
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const esc = Hall.escapeHtml;
  const view = { windows: {}, queues: {}, recent: [], tz: null };   // tz: the hall's, from GET /hall
  window.__spoken = [];   // every phrase as it starts being spoken (tests and diagnostics read it)

  function renderWindows() {
    $("windows").innerHTML = Object.values(view.windows).sort((a, b) => a.number - b.number).map((w) => {
      const cur = w.status === "closed" ? "未开放" : w.status === "paused" ? "暂停服务" : (w.current_ticket || "—");
      return `<div class="win ${w.status}" data-window="${w.number}"><div class="no">${w.number}</div>` +
        `<div class="name">${w.staff ? esc(w.staff.name) + "（" + esc(w.staff.staff_no) + "）" : esc(w.name)}</div>` +
        `<div class="cur">${esc(cur)}</div></div>`;
    }).join("");
  }
  function renderQueues() {
    $("queues").innerHTML = Object.values(view.queues).map((q) =>
      `<tr data-queue="${q.code}"><td>${esc(q.prefix)} ${esc(q.name)}<br><small>预计等候 ${q.estimated_wait_minutes} 分钟</small></td>` +
      `<td class="n">${q.waiting}</td></tr>`).join("");
  }
  function renderRecent() {
    $("recent").innerHTML = view.recent.slice(0, 8).map((c) =>
      `<li><span><b>${esc(c.number)}</b> 号</span><span>${c.window} 号窗口</span></li>`).join("");
  }
  function showCall(c) {
    const el = $("call");
    el.innerHTML = `<div>${c.recall ? '<span class="recall">重呼</span>' : ""}请<b>${esc(c.number)}</b>号<br>到<b>${c.window}</b>号窗口办理</div>`;
    el.dataset.text = c.text;
    el.classList.remove("flash");
    void el.offsetWidth;  // restart the animation
    el.classList.add("flash");
  }

  function applyState(s) {
    $("hall-name").textContent = s.hall.name;
    view.windows = {}; s.windows.forEach((w) => { view.windows[w.number] = w; });
    view.queues = {}; s.queues.forEach((q) => { view.queues[q.code] = q; });
    view.recent = s.recent_calls.slice();
    renderWindows(); renderQueues(); renderRecent();
    if (view.recent.length) showCall(view.recent[0]);
    $("ticker").innerHTML = (s.notices || []).map((n) => `<span>${esc(n)}</span>`).join("");
    $("stars").innerHTML = s.star_windows && s.star_windows.length
      ? s.star_windows.map((w) => `<div class="star">${w.window}号窗口 <b>${"★".repeat(w.stars)}</b></div>`).join("")
      : '<div class="muted">评比结果公布后显示</div>';
    renderAssessments(s.assessments);
  }

  /* 月度自评, 季度互评, 年度总评 as published (the state's `assessments`): a few lines each */
  function renderAssessments(a) {
    const parts = [];
    if (a && a.month && a.self.length) {
      parts.push(`<div class="part" data-part="self"><b>${esc(a.month.slice(5).replace(/^0/, ""))}月自评</b> ${a.self_average.count}个窗口，平均${a.self_average.average}分</div>`);
    }
    if (a && a.peer.length) {
      parts.push(`<div class="part" data-part="peer"><b>${esc(a.quarter.slice(0, 4))}年第${esc(a.quarter.slice(6))}季度互评</b>` +
        a.peer.slice(0, 3).map((r) => `<div class="row">${r.window}号窗口 <span>${r.average}分（${r.count}评）</span></div>`).join("") + "</div>");
    }
    if (a && a.annual && a.annual.windows.length) {
      parts.push(`<div class="part" data-part="annual"><b>${a.annual.year}年度总评</b>（截至${esc(a.annual.through.slice(5).replace(/^0/, ""))}月）` +
        a.annual.windows.slice(0, 3).map((r, i) => `<div class="row">第${i + 1}名 ${r.window}号窗口 <span>${r.total}分</span></div>`).join("") + "</div>");
    }
    $("assessments").innerHTML = parts.length ? parts.join("") : '<div class="muted">考核结果公布后显示</div>';
  }

  /* ---- voice: chime, then the phrase twice; calls wait their turn, never cut off ---- */
  const voiceQueue = [];
  let speaking = false;
  function playUrl(url) {
    return new Promise((resolve) => {
      const audio = new Audio(url);
      const done = () => { clearTimeout(guard); resolve(); };
      const guard = setTimeout(done, 15000);
      audio.onended = done;
      audio.onerror = done;
      audio.play().then(() => $("unlock").classList.add("hidden"))
        .catch(() => { $("unlock").classList.remove("hidden"); done(); });
    });
  }
  function speakOnce(text) {
    window.__spoken.push(text);
    const voice = Hall.zhVoice();
    if (voice) {
      return new Promise((resolve) => {
        const u = new SpeechSynthesisUtterance(text);
        u.voice = voice; u.lang = voice.lang; u.rate = 0.9;
        u.onend = resolve; u.onerror = resolve;
        speechSynthesis.speak(u);
      });
    }
    return playUrl("/api/v1/voice?text=" + encodeURIComponent(text));
  }
  async function drainVoice() {
    if (speaking) return;
    speaking = true;
    while (voiceQueue.length) {
      const text = voiceQueue.shift();
      await playUrl("/api/v1/voice/chime");
      await speakOnce(text);
      await speakOnce(text);
    }
    speaking = false;
  }
  function announce(c) {
    voiceQueue.push((c.recall ? "重呼，" : "") + c.text);
    drainVoice();
  }

  function tick() {
    $("clock").textContent = Hall.clockText(view.tz, true);
    const hour = Hall.clockText(view.tz, true).slice(-8);
    if (hour === "03:00:00") location.reload();  // a fresh page every night; state re-syncs on join
  }

  $("unlock").onclick = () => { playUrl("/api/v1/voice/chime"); $("unlock").classList.add("hidden"); };
  function listen(deviceToken) {
    const socket = Hall.live("display", {
      state: applyState,
      ticket_called: (c) => {
        view.recent.unshift(c);
        const w = view.windows[c.window];
        if (w) { w.current_ticket = c.number; renderWindows(); }
        renderRecent(); showCall(c); announce(c);
      },
      queue_changed: (q) => {
        const row = view.queues[q.queue];
        if (row) { row.waiting = q.waiting; row.estimated_wait_minutes = q.estimated_wait_minutes; renderQueues(); }
      },
      window_changed: (w) => { view.windows[w.number] = w; renderWindows(); },
      // an admin added, renamed or removed a window or queue: join again for a fresh `state`
      catalog_changed: () => socket.emit("join", deviceToken ? { room: "display", device_token: deviceToken } : { room: "display" }),
    }, { deviceToken: deviceToken,
         onStatus: (s) => { $("conn").textContent = s === "online" ? "● 已连接" : "● 连接中断，正在重连"; $("conn").className = "conn " + s; } });
  }
  function learnZone() {   // the clock waits for the hall's zone rather than show another's time
    Hall.hallInfo().then((h) => { view.tz = h.timezone; tick(); }).catch(() => setTimeout(learnZone, 10000));
  }

  // a registered display belongs to its hall (?device=… from the manager's device page)
  Hall.optionalDevice("display").then((deviceToken) => { listen(deviceToken); learnZone(); });
  tick();
  setInterval(tick, 1000);
})();
