import os
import sys

nombres = ["Ana", "Luis", "Eva"]
edades = {"Ana": 31, "Luis": 27, "Eva": 35}
for i, n in enumerate(nombres, start=1):
    print(f"{i}. {n:<5} tiene {edades[n]} años")
promedio = sum(edades.values()) / len(edades)
print("Promedio:", round(promedio, 2), "| mayores de 30:", [n for n in nombres if edades[n] > 30])
print("Usuario:", os.getenv("USUARIO", "nadie"), "argumentos:", sys.argv[1:])
