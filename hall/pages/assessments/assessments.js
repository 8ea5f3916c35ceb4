/* Assessments: a window's 月度自评 (the month's figures pre-filled), 季度互评 of the other
 * windows, and 年度总评 with the weights managers set. */
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const esc = Hall.escapeHtml;
  const toast = Hall.toast;
  let me = null;
  const session = Hall.staffSession({ roles: ["staff", "manager", "admin"], refuse: "此页面供窗口工作人员和管理人员使用",
                                      onSignedIn: start });
  const pct = (v) => (v === null || v === undefined ? "—" : (v * 100).toFixed(1) + "%");

  async function loadFigures() {
    const month = $("self-month").value, window = $("self-window").value;
    if (!month || !window) return;
    try {
      const f = await session.call("GET", `/assessments/self/figures?month=${month}&window=${window}`);
      const ind = f.indicators || {};
      $("self-figures").innerHTML = f.score === null ? "本月暂无评比数据" :
        `本月得分 <b>${f.score}</b> · 星级 <b>${"★".repeat(f.stars || 0)}</b> · 好评率 <b>${pct(ind["好评率"])}</b> · ` +
        `按时办结率 <b>${pct(ind["按时办结率"])}</b>`;
      if (!$("self-score").value && f.score !== null) $("self-score").value = f.score;
    } catch (err) { $("self-figures").textContent = err.message; }
  }
  $("self-month").onchange = loadFigures;
  $("self-window").onchange = loadFigures;
  $("self-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const body = { month: $("self-month").value, window: Number($("self-window").value), text: $("self-text").value };
    if ($("self-score").value !== "") body.score = Number($("self-score").value);
    try { await session.call("POST", "/assessments/self", body); toast("自评已提交"); } catch (err) { toast(err.message, true); }
  });

  async function loadPeer() {
    const r = await session.call("GET", `/assessments/peer?quarter=${encodeURIComponent($("peer-quarter").value)}`);
    $("peer-results").innerHTML = r.windows.length ? "<table><tr><th>窗口</th><th>平均分</th><th>评分窗口数</th></tr>" +
      r.windows.map((w) => `<tr><td>${w.window}号 ${esc(w.name)}</td><td>${w.average}</td><td>${w.count}</td></tr>`).join("") +
      "</table>" : "本季度尚无互评";
  }
  $("peer-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      await session.call("POST", "/assessments/peer", { quarter: $("peer-quarter").value, from_window: Number($("peer-from").value),
        to_window: Number($("peer-to").value), score: Number($("peer-score").value) });
      toast("互评已提交");
    } catch (err) { toast(err.message, true); }
    loadPeer().catch(() => {});
  });

  async function loadAnnual() {
    const a = await session.call("GET", `/assessments/annual?year=${$("annual-year").value}`);
    $("w-monthly").value = a.weights.monthly; $("w-peer").value = a.weights.peer; $("w-self").value = a.weights.self;
    $("annual").innerHTML = "<tr><th>窗口</th><th>月度平均（月数）</th><th>互评平均（评分数）</th><th>自评平均</th><th>总评</th></tr>" +
      a.windows.map((w) => `<tr><td>${w.window}号 ${esc(w.name)}</td><td>${w.monthly.average ?? "—"}（${w.monthly.count}）</td>` +
        `<td>${w.peer.average ?? "—"}（${w.peer.scores}）</td><td>${w.self.average ?? "—"}</td><td><b>${w.total}</b></td></tr>`).join("");
  }
  $("annual-form").addEventListener("submit", (e) => { e.preventDefault(); loadAnnual().catch((err) => toast(err.message, true)); });
  $("annual-pdf").onclick = () => session.openFile(`/assessments/annual.pdf?year=${$("annual-year").value}`);
  $("published-pdf").onclick = () => session.openFile("/assessments/published.pdf");
  $("save-weights").onclick = async () => {
    try {
      await session.call("PUT", `/assessments/weights/${$("annual-year").value}`, { monthly: Number($("w-monthly").value),
        peer: Number($("w-peer").value), self: Number($("w-self").value) });
      toast("权重已保存");
      loadAnnual();
    } catch (err) { toast(err.message, true); }
  };

  async function start(staff) {
    me = staff;
    $("who").textContent = `${me.name}（${me.staff_no}）`;
    const now = new Date();
    $("self-month").value = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}`;
    $("peer-quarter").value = `${now.getFullYear()}-Q${Math.floor(now.getMonth() / 3) + 1}`;
    $("annual-year").value = now.getFullYear();
    if (me.home_window) { $("self-window").value = me.home_window; $("peer-from").value = me.home_window; }
    $("save-weights").disabled = ["manager", "admin"].indexOf(me.role) < 0;
    loadFigures();
    loadPeer().catch(() => {});
    loadAnnual().catch(() => {});
  }
})();
