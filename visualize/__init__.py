"""HTML views of the graph: ``kg viz`` (one self-contained page) and
``kg site`` (a static site: index, conflicts, one page per document).

source (the graph model, read once) → scene (what is drawn: selection,
positions, colours; pure) → render (pyvis with this package's own
templates, vis-network inlined or shipped beside the pages) → site.
"""
