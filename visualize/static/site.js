// The index of the site: filters (type, issuer, jurisdiction, year, words) and sorting by column.
"use strict";
(function () {
  const table = document.getElementById("kg-index");
  if (!table) return;
  const body = table.tBodies[0];
  const rows = Array.from(body.rows);
  const filters = Array.from(document.querySelectorAll("[data-filter]"));
  const shown = document.getElementById("kg-shown");

  function fold(text) {
    return text.normalize("NFD").replace(/\p{M}/gu, "").replace(/[đĐ]/g, "d").toLowerCase();
  }
  const words = new Map(rows.map((row) => [row, fold(row.textContent)]));

  function apply() {
    let count = 0;
    for (const row of rows) {
      const visible = filters.every((input) => {
        const value = input.value;
        if (!value) return true;
        if (input.dataset.filter === "text") return words.get(row).includes(fold(value));
        return row.dataset[input.dataset.filter] === value;
      });
      row.hidden = !visible;
      if (visible) count += 1;
    }
    shown.textContent = count + " / " + rows.length;
  }
  for (const input of filters) { input.addEventListener("input", apply); input.addEventListener("change", apply); }
  document.getElementById("kg-filters").addEventListener("submit", (event) => event.preventDefault());

  const collator = new Intl.Collator("vi", { numeric: true, sensitivity: "base" });
  for (const header of table.tHead.rows[0].cells) {
    header.querySelector("button").addEventListener("click", function () {
      const column = Number(header.dataset.column);
      const ascending = header.getAttribute("aria-sort") !== "ascending";
      for (const other of table.tHead.rows[0].cells) other.removeAttribute("aria-sort");
      header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      const sorted = rows.slice().sort((a, b) => {
        const order = collator.compare(a.cells[column].textContent, b.cells[column].textContent);
        return ascending ? order : -order;
      });
      body.append(...sorted);
    });
  }
  apply();
})();
