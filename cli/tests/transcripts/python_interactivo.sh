docker run -it --name repl python:3.12
precios = {"pan": 1.5, "leche": 0.9}
precios
sum(precios.values())
for nombre in precios:
    print(nombre.upper())

precios["queso"]
"hola " * 3
while True:
    pass
^C
import time
while True:
    time.sleep(1)

^C
exit()
echo $?
docker ps -a --filter name=repl --format "{{.Names}} {{.Status}}"
docker run -d --name app python:3.12 sleep infinity
docker exec -it app python3
def doble(n):
    return n * 2

doble(21)
class Perro:
    def __init__(self, nombre):
        self.nombre = nombre
    def ladrar(self):
        return f"{self.nombre}: guau"

Perro("Toby").ladrar()
nombre = input("¿Nombre? ")
Ana
f"Hola, {nombre}"
^D
echo $?
docker exec app python3
echo $?
docker exec -it app bash
python3 -q
import os
os.getcwd()
quit()
exit
docker run -i --rm python:3.12
print("leído de la entrada estándar")
^D
docker run -it --name sigue python:3.12
x = 42
^P^Q
docker logs sigue
docker run -it --rm -v ./:/app python:3.12 python /app/pregunta.py
Ana
41
docker run --rm -v ./:/app python:3.12 python /app/pregunta.py
echo $?
