import os

from flask import Flask
from neo4j import GraphDatabase

app = Flask(__name__)
driver = GraphDatabase.driver(
    os.environ["NEO4J_URI"],
    auth=(os.environ["NEO4J_USER"], os.environ["NEO4J_PASSWORD"]),
)
driver.verify_connectivity()


@app.route("/")
def index():
    return "<h1>Películas</h1><p>Datos servidos desde neo4j</p>"


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=8080)
