import socket
import sys

try:
    socket.create_connection(("db", 5432))
    print("conectado a db:5432")
except OSError as e:
    print("no se pudo conectar:", e)
    sys.exit(2)
