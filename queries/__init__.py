"""Questions asked of the graph (kg/graph.py): each module one family.

- lookup:  which node a user means by an id in any spelling
- lineage: what a document implements, up to the top, and what implements it
- status:  in force, replaced, amended or repealed, and the replacement chain
- path:    how two documents are connected
- search:  documents by type, issuer, jurisdiction, date, subject; who cites X

Every function takes a ``networkx.MultiDiGraph`` built by ``kg.graph.load_graph``
and node keys; results are small frozen dataclasses with ``to_json``.
"""
