// Draws the graph of a view with vis-network from the JSON of #kg-graph-data.
// Every text from documents reaches the page through textContent only.
"use strict";
(function () {
  const island = document.getElementById("kg-graph-data");
  if (!island) return;
  const data = JSON.parse(island.textContent);

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  const NODE_FIELDS = [
    ["number", "Số hiệu"], ["type", "Loại"], ["date", "Ngày"], ["issuer", "Cơ quan ban hành"],
    ["jurisdiction", "Địa bàn"], ["level", "Cấp"], ["title", "Trích yếu"],
    ["status", "Hiệu lực"], ["aliases", "Cách viết khác"],
  ];

  function nodeTip(info) {
    const box = element("div", "kg-tip");
    for (const [name, label] of NODE_FIELDS) {
      if (!info[name]) continue;
      const row = element("div", "kg-tip-" + name);
      row.append(element("b", null, label + ": "), element("span", null, info[name]));
      box.append(row);
    }
    for (const conflict of info.conflicts || []) box.append(element("div", "kg-tip-conflict", "⚠ " + conflict));
    return box;
  }

  const labels = new Map(data.nodes.map((n) => [n.id, n.label]));

  function edgeTip(edge) {
    const box = element("div", "kg-tip");
    box.append(element("div", "kg-tip-head",
      (labels.get(edge.from) || edge.from) + " — " + edge.label + " → " + (labels.get(edge.to) || edge.to)));
    for (const quote of edge.info.evidence) {
      const block = element("blockquote", "kg-tip-evidence", quote.text);
      block.append(element("cite", null, " " + quote.where));
      box.append(block);
    }
    if (edge.info.more) box.append(element("div", null, "(+" + edge.info.more + ")"));
    return box;
  }

  const nodes = new vis.DataSet(data.nodes.map((n) => Object.assign({}, n, { title: nodeTip(n.info) })));
  const edges = new vis.DataSet(data.edges.map((e) => Object.assign({}, e, { title: edgeTip(e) })));
  const container = document.getElementById("kg-graph");
  const view = { nodes: nodes, edges: edges, startedAt: performance.now(), drawnAt: null };
  window.kgView = view;
  const network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  view.network = network;
  network.once("afterDrawing", function () { view.drawnAt = performance.now(); });

  network.on("doubleClick", function (event) {
    const node = event.nodes.length ? nodes.get(event.nodes[0]) : null;
    if (node && node.info.page) window.location.href = node.info.page;
  });

  // search: ids, issuers and subjects, with or without diacritics
  function fold(text) {
    return text.normalize("NFD").replace(/\p{M}/gu, "").replace(/[đĐ]/g, "d").toLowerCase();
  }
  const haystack = new Map(data.nodes.map((n) => [n.id, fold([n.label, n.info.issuer, n.info.title, n.info.type].filter(Boolean).join(" "))]));
  const search = document.getElementById("kg-search");
  const found = document.getElementById("kg-found");
  search.addEventListener("input", function () {
    const query = fold(search.value.trim());
    if (!query) { network.unselectAll(); found.textContent = ""; return; }
    const ids = data.nodes.filter((n) => haystack.get(n.id).includes(query)).map((n) => n.id);
    network.selectNodes(ids);
    found.textContent = ids.length + " kết quả";
    if (ids.length) network.focus(ids[0], { scale: 1.1, animation: false });
  });
})();
