/* The public disclosure board (政务公开栏): announcements within their period, service guides
 * (六公开), windows with their staff cards, this month's indicators, last month's stars, bad
 * ratings and their rectification; citizens send complaints and information requests here.
 * ?mode=screen: the lobby's big screen (tabs turn every 20 s, no forms); ?from=kiosk: the
 * kiosk (its device token marks submissions as taken at the kiosk). Refreshes every minute. */
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const esc = Hall.escapeHtml;
  const params = new URLSearchParams(location.search);
  const screen = params.get("mode") === "screen";
  const fromKiosk = params.get("from") === "kiosk";
  const deviceToken = fromKiosk ? Hall.keptDevice("kiosk") : null;
  const pct = (v) => (v === null || v === undefined ? "—" : (v * 100).toFixed(1) + "%");
  let board = null;
  let timezone = null;   // the hall's, from the board's answer

  if (screen) document.body.classList.add("screen");
  if (fromKiosk) {
    $("back").classList.remove("hidden");
    $("back").href = "/kiosk" + (Hall.hall() ? "?hall=" + encodeURIComponent(Hall.hall()) : "");
  }

  function show(tab) {
    document.querySelectorAll(".tabs button").forEach((b) => b.classList.toggle("on", b.dataset.tab === tab));
    document.querySelectorAll(".tab").forEach((s) => s.classList.toggle("hidden", s.id !== "tab-" + tab));
  }
  document.querySelectorAll(".tabs button").forEach((b) => { b.onclick = () => show(b.dataset.tab); });
  if (location.hash && $("tab-" + location.hash.slice(1))) show(location.hash.slice(1));

  function announcementCard(a) {
    return `<article class="card ${esc(a.category)}"><h3>${esc(a.title)}</h3>` +
      `<div class="meta">${esc(a.category_name)} · 公示期 ${esc(a.starts_on)} 至 ${esc(a.ends_on)}` +
      (a.approved_by ? ` · 审核人 ${esc(a.approved_by)}` : "") + (a.withdrawn_at ? " · 已提前撤回" : "") + `</div>` +
      `<p>${esc(a.body)}</p></article>`;
  }

  function renderAnnouncements() {
    $("announcements").innerHTML = board.announcements.map(announcementCard).join("") ||
      `<p class="muted">目前没有正在公示的公告。</p>`;
  }

  function renderGuides() {
    const filter = $("guide-filter").value.trim();
    $("guides").innerHTML = board.guides.filter((g) => !filter || g.name.includes(filter) ||
      (g.pinyin_initials || "").toLowerCase().includes(filter.toLowerCase())).map((g) =>
      `<details class="guide"><summary>${esc(g.name)}<small>${esc(g.department)} · 承诺${g.promised_days}个工作日</small></summary>` +
      `<dl class="body"><dt>设定依据</dt><dd>${esc(g.basis || "—")}</dd>` +
      `<dt>办理条件</dt><dd>${esc(g.conditions || "—")}</dd>` +
      `<dt>办理流程</dt><dd>${(g.steps || []).map((s, i) => `${i + 1}. ${esc(s)}`).join("<br>") || "—"}</dd>` +
      `<dt>申请材料</dt><dd>${g.materials.map((m) => `${esc(m.name)}（${esc(m.form)}${m.copies}份${m.required ? "" : "，视情况提供"}）`).join("<br>") || "无"}</dd>` +
      `<dt>办理时限</dt><dd>法定${g.legal_days}个工作日，承诺${g.promised_days}个工作日</dd>` +
      `<dt>收费标准</dt><dd>${esc(g.fee)}${g.fee_basis ? "（" + esc(g.fee_basis) + "）" : ""}</dd></dl></details>`).join("");
  }

  const STATUS = { closed: "暂未开放", open: "空闲", paused: "暂停服务", serving: "办理中" };
  function staffCard(s) {
    const photo = s.photo_url ? `<img class="photo" src="${esc(s.photo_url)}" alt="">` : `<span class="photo">${esc(s.name.slice(0, 1))}</span>`;
    return `<div class="staff-card">${photo}<div><b>${esc(s.name)}</b><small>工号 ${esc(s.staff_no)}</small></div></div>`;
  }
  function renderWindows() {
    $("windows").innerHTML = board.windows.map((w) =>
      `<div class="win"><h3>${w.number}号 ${esc(w.name)}</h3><div class="status">${esc(w.department || "")} · ${STATUS[w.status] || ""}</div>` +
      (w.staff_cards.map(staffCard).join("") || `<p class="muted">暂无挂牌人员</p>`) + `</div>`).join("");
  }

  function renderRatings() {
    const m = board.indicators.hall;
    $("month-title").textContent = `本月服务指标（${board.indicators.month}）`;
    const target = (name) => {   // 办结率 and 满意率 against the hall's 95 % target, red below it
      const t = board.indicators.targets[name];
      return [`${name}（目标≥${pct(t.target)}）`, pct(m[name]), t.below ? "below" : "met"];
    };
    $("indicators").innerHTML = Hall.kpiTiles([["服务人次", m.services], ["好评率", pct(m["好评率"])], ["主动评价好评率", pct(m["主动评价好评率"])],
      ["未评价率", pct(m["未评价率"])], target("满意率"), target("办结率"), ["按时办结率", pct(m["按时办结率"])],
      ["平均等候(分)", m["平均等候分钟"]]]);
    const stars = board.stars;
    $("stars-title").textContent = stars.month ? `${stars.month} 星级窗口评比结果` : "星级评比结果尚未公布";
    $("stars").innerHTML = stars.month ? "<tr><th>名次</th><th>窗口</th><th>得分</th><th>星级</th><th>好评率</th></tr>" +
      stars.windows.map((r, i) => `<tr><td>${i + 1}</td><td>${esc(r.name)}</td><td>${r.score.toFixed(2)}</td>` +
        `<td class="stars">${"★".repeat(r.stars)}</td><td>${pct(r.breakdown.indicators["好评率"])}</td></tr>`).join("") : "";
    $("bad").innerHTML = "<tr><th>日期</th><th>窗口</th><th>评价</th><th>原因</th><th>处理情况</th></tr>" +
      (board.bad_ratings.map((b) => `<tr><td>${esc(b.rated_on)}</td><td>${b.window ? b.window + "号" : "—"}</td>` +
        `<td>${b.level === 1 ? "非常不满意" : "不满意"}</td><td>${esc((b.reasons || []).join("、") || "—")}</td>` +
        `<td>${esc(b.status_name)}${b.measures ? "：" + esc(b.measures) : ""}${b.callback_result ? "；回访：" + esc(b.callback_result) : ""}</td></tr>`).join("") ||
        `<tr><td colspan="5" class="muted">近90天没有差评。</td></tr>`);
  }

  async function load() {
    board = await Hall.api("GET", "/board");
    $("hall-name").textContent = board.hall.name;
    timezone = board.hall.timezone;
    document.title = "政务公开 · " + board.hall.name;
    renderAnnouncements(); renderGuides(); renderWindows(); renderRatings();
    tick();
  }

  async function loadArchive() {
    const rows = await Hall.api("GET", "/announcements?which=archived");
    $("archive").innerHTML = rows.map(announcementCard).join("") || `<p class="muted">暂无归档公示。</p>`;
  }
  $("archive-box").addEventListener("toggle", () => { if ($("archive-box").open) loadArchive().catch(() => {}); });
  $("guide-filter").oninput = () => board && renderGuides();

  const light = (l) => (l ? `<span class="light ${l}">${{ green: "正常", yellow: "即将到期", red: "已超期" }[l]}</span>` : "");
  function receipt(box, lines) { box.innerHTML = lines.join("<br>"); box.classList.remove("hidden"); box.scrollIntoView({ block: "nearest" }); }

  $("complaint-form").onsubmit = async (e) => {
    e.preventDefault();
    const f = e.target;
    try {
      const r = await Hall.api("POST", "/complaints", {
        kind: f.kind.value, title: f.title.value, content: f.content.value,
        window: f.window.value ? Number(f.window.value) : null, contact: { name: f.name.value, phone: f.phone.value },
      }, { deviceToken: deviceToken });
      f.reset();
      receipt($("complaint-receipt"), [`已受理您的${esc(r.kind_name)}。编号 <b>${esc(r.complaint_no)}</b>　查询码 <b>${esc(r.query_code)}</b>`,
        `答复期限：${esc(r.deadline)}（${r.limit_days}个工作日内）。请凭编号和查询码查询答复并评价。`]);
      document.querySelector("#complaint-query [name=no]").value = r.complaint_no;
      document.querySelector("#complaint-query [name=code]").value = r.query_code;
    } catch (err) { receipt($("complaint-receipt"), [`<span class="error">${esc(err.message)}</span>`]); }
  };

  async function showComplaint(no, code) {
    const c = await Hall.api("GET", `/complaints/${encodeURIComponent(no)}?query_code=${encodeURIComponent(code)}`);
    const rate = c.status === "replied" ? `<div class="row" id="rate">您对答复是否满意：` +
      [[3, "满意"], [2, "基本满意"], [1, "不满意"]].map(([v, t]) => `<button data-level="${v}">${t}</button>`).join("") + `</div>` : "";
    $("complaint-result").innerHTML = `<div class="card"><h3>${esc(c.kind_name)}：${esc(c.title)}</h3>` +
      `<div class="meta">编号 ${esc(c.complaint_no)} · ${esc(c.status_name)} · 答复期限 ${esc(c.deadline)} ${light(c.light)}</div>` +
      `<p>${c.reply ? "答复：" + esc(c.reply) : "正在办理，请耐心等候。"}</p>` +
      (c.finding_name ? `<p>核查结论：${esc(c.finding_name)}</p>` : "") +
      (c.satisfaction_name ? `<p>您的评价：${esc(c.satisfaction_name)}</p>` : "") + rate + `</div>`;
    document.querySelectorAll("#rate button").forEach((b) => {
      b.onclick = async () => {
        try {
          await Hall.api("POST", `/complaints/${encodeURIComponent(no)}/satisfaction`, { query_code: code, level: Number(b.dataset.level) });
          await showComplaint(no, code);
        } catch (err) { $("complaint-result").insertAdjacentHTML("beforeend", `<p class="error">${esc(err.message)}</p>`); }
      };
    });
  }
  $("complaint-query").onsubmit = async (e) => {
    e.preventDefault();
    try { await showComplaint(e.target.no.value.trim(), e.target.code.value.trim()); }
    catch (err) { $("complaint-result").innerHTML = `<p class="error">${esc(err.message)}</p>`; }
  };

  $("info-form").onsubmit = async (e) => {
    e.preventDefault();
    const f = e.target;
    try {
      const r = await Hall.api("POST", "/info-requests", {
        applicant: { name: f.name.value, id_number: f.id_number.value || null, phone: f.phone.value },
        description: f.description.value, purpose: f.purpose.value,
      }, { deviceToken: deviceToken });
      f.reset();
      receipt($("info-receipt"), [`申请已登记。编号 <b>${esc(r.request_no)}</b>　查询码 <b>${esc(r.query_code)}</b>`,
        `答复期限：${esc(r.deadline)}（法定${r.statutory_days}个工作日）。`]);
    } catch (err) { receipt($("info-receipt"), [`<span class="error">${esc(err.message)}</span>`]); }
  };
  $("info-query").onsubmit = async (e) => {
    e.preventDefault();
    try {
      const r = await Hall.api("GET", `/info-requests/${encodeURIComponent(e.target.no.value.trim())}?query_code=${encodeURIComponent(e.target.code.value.trim())}`);
      $("info-result").innerHTML = `<div class="card"><h3>${esc(r.description)}</h3>` +
        `<div class="meta">编号 ${esc(r.request_no)} · ${esc(r.status_name)} · 答复期限 ${esc(r.deadline)}` +
        (r.extension_days ? `（已延长${r.extension_days}个工作日：${esc(r.extension_reason)}）` : "") + ` ${light(r.light)}</div>` +
        (r.reply_type ? `<p>答复：${esc(r.reply_type_name)}。${esc(r.reply)}${r.basis ? "<br>依据：" + esc(r.basis) : ""}</p>` : "<p>正在办理。</p>") + `</div>`;
    } catch (err) { $("info-result").innerHTML = `<p class="error">${esc(err.message)}</p>`; }
  };

  function tick() { $("clock").textContent = Hall.clockText(timezone); }
  tick(); setInterval(tick, 15000);
  load().catch((err) => { $("announcements").innerHTML = `<p class="error">${esc(err.message)}</p>`; });
  setInterval(() => load().catch(() => {}), 60000);   // announcements begin and end by the day
  if (screen) {
    const order = ["announcements", "windows", "ratings", "guides"];
    let at = 0;
    setInterval(() => { at = (at + 1) % order.length; show(order[at]); window.scrollTo(0, 0); }, 20000);
  }
})();
