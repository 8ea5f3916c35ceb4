/* 管理后台 · 接口密钥 (/admin): the API keys of outside systems (一网通办 platform …). A new
 * key is shown once, right after it was made, with a copy button; the list shows its prefix,
 * scopes, when it was made and last used, and a revoke button. Loaded after admin.js: it
 * adds its own tab beside admin.js's and uses the tab's login token (staff.js keeps it). */
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const esc = Hall.escapeHtml;
  const TOKEN = "hall.staff.token";
  const SCOPES = { "applications:write": "提交网上申请（一网通办）", "applications:read": "查询网上申请" };
  const pane = $("apikeys");
  const tab = document.querySelector('#tabs button[data-tab="apikeys"]');
  if (!pane || !tab) return;

  const call = (method, path, body) => Hall.api(method, path, body, { token: sessionStorage.getItem(TOKEN) });
  const when = (iso) => iso ? iso.slice(0, 16).replace("T", " ") : "—";
  function failed(err) { if (err.status !== 401) Hall.toast(err.message, true); }

  /* admin.js shows its own panes; this tab hides them and shows its own, and hides itself
   * when another tab is chosen. */
  tab.onclick = () => {
    document.querySelectorAll("#tabs button").forEach((b) => b.classList.toggle("active", b === tab));
    document.querySelectorAll("main.pane").forEach((p) => p.classList.toggle("hidden", p !== pane));
    load().catch(failed);
  };
  document.querySelectorAll("#tabs button").forEach((b) => {
    if (b !== tab) b.addEventListener("click", () => pane.classList.add("hidden"));
  });

  $("apikeys-scopes").innerHTML = Object.keys(SCOPES).map((s, i) =>
    `<label class="check"><input type="checkbox" name="scope" value="${esc(s)}"${i === 0 ? " checked" : ""}> ` +
    `${esc(SCOPES[s])}（${esc(s)}）</label>`).join("");

  async function load() {
    const rows = await call("GET", "/admin/api-keys");
    $("apikeys-list").innerHTML = "<tr><th>名称</th><th>前缀</th><th>权限</th><th>创建时间</th><th>最近使用</th><th>状态</th><th></th></tr>" +
      (rows.length ? rows.map((k) => `<tr class="${k.revoked ? "off" : ""}" data-key="${k.id}"><td>${esc(k.name)}</td>` +
        `<td><code>${esc(k.prefix)}</code></td><td>${k.scopes.map((s) => esc(SCOPES[s] || s)).join("<br>")}</td>` +
        `<td>${esc(when(k.created_at))}</td><td>${esc(when(k.last_used_at))}</td>` +
        `<td>${k.revoked ? `<span class="tag off">已吊销 ${esc(when(k.revoked_at))}</span>` : '<span class="tag on">有效</span>'}</td>` +
        `<td>${k.revoked ? "" : `<button type="button" class="danger revoke" data-id="${k.id}">吊销</button>`}</td></tr>`).join("")
        : '<tr><td colspan="7" class="muted">尚无接口密钥</td></tr>');
    document.querySelectorAll("#apikeys-list .revoke").forEach((b) => {
      b.onclick = async () => {
        const name = b.closest("tr").firstChild.textContent;
        if (!window.confirm(`吊销接口密钥“${name}”？吊销后使用该密钥的系统将立即无法访问。`)) return;
        try { await call("DELETE", `/admin/api-keys/${b.dataset.id}`); Hall.toast("已吊销"); } catch (err) { failed(err); }
        load().catch(failed);
      };
    });
  }

  $("apikeys-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const form = e.target;
    const box = form.querySelector("[data-error]");
    box.textContent = "";
    const scopes = Array.from(form.querySelectorAll('input[name="scope"]:checked')).map((c) => c.value);
    let made;
    try {
      made = await call("POST", "/admin/api-keys", { name: form.elements.name.value.trim(), scopes: scopes });
    } catch (err) { box.textContent = err.message; return; }
    form.reset();
    $("apikeys-new").classList.remove("hidden");
    $("apikeys-new-key").value = made.key;     // shown this once: the list never has it
    $("apikeys-new-name").textContent = made.name;
    load().catch(failed);
  });
  $("apikeys-copy").onclick = async () => {
    const input = $("apikeys-new-key");
    input.select();
    try { await navigator.clipboard.writeText(input.value); Hall.toast("已复制"); } catch (err) { document.execCommand("copy"); }
  };
  $("apikeys-done").onclick = () => {   // the key leaves the page: it cannot be shown again
    $("apikeys-new-key").value = "";
    $("apikeys-new").classList.add("hidden");
  };
})();
