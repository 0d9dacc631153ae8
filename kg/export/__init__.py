"""Exporters of the graph model (kg/model.py): Neo4j over Bolt, files for
neo4j-admin and cypher-shell, RDF, GraphML and CSV."""
