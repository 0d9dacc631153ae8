"""HTML views of the graph: ``kg viz`` (one self-contained page) and
``kg site`` (a static site: index, conflicts, one page per document).

source (the graph model: the documents and links of a view) → scene (what is drawn:
positions, colours; pure) → render (pyvis with this package's own
templates, vis-network inlined or shipped beside the pages) → site.
"""
