docker run --rm -v ./app:/app -e USUARIO=alumno python:3.12 python3 /app/hola.py uno dos
docker run --rm -v ./app:/app python:3.12 python3 /app/falla.py
echo $?
docker run --rm python:3.12 python3 -c "print(precio)"
docker run --rm python:3.12 python3 -c "import flask"
docker run --rm python:3.12 python3 -c "import sys; print('adiós'); sys.exit(4)"
echo $?
docker network create red1
docker run -d --name db --network red1 -e POSTGRES_PASSWORD=secreto postgres:16
sleep 3
docker run --rm -v ./app:/app --network red1 python:3.12 python3 /app/red.py
docker run --rm -v ./app:/app python:3.12 python3 /app/red.py
echo $?
docker run --rm -v ./app:/app python:3.12 python3 /app/bucle.py
^C
echo $?
docker run -d --name latidos -v ./app:/app python:3.12 python3 /app/bucle.py
docker exec latidos python3 -c "print(6 * 7)"
docker stop latidos
docker ps -a --filter name=latidos --format "{{.Names}} {{.Status}}"
