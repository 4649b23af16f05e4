docker run -d --name web -p 8080:8000 -v ./sitio:/srv -w /srv python:3.12 python -m http.server
sleep 2
docker logs web
curl -s localhost:8080/
curl -s localhost:8080/css/
curl -s localhost:8080/nada
docker logs web
docker stop -t 1 web
docker run -t -d --name web2 -p 8081:9000 -v ./sitio:/srv python:3.12 python -u -m http.server 9000 --directory /srv
sleep 1
docker logs web2
curl -s localhost:8081/
docker run -it --rm python:3.12 python -m http.server --bind 127.0.0.1 8080
^C
docker compose up -d
sleep 3
docker compose ps -a --format "{{.Service}} {{.Status}}"
docker compose logs api wsgi front
curl -s localhost:8000/
curl -s localhost:3000/
docker compose exec front wget -qO- wsgi:5000/
docker compose exec front wget -qO- calc:9000/
docker compose logs calc
docker compose logs api
docker compose stop api wsgi front
docker compose logs wsgi front
docker run --rm servidores_web-api uvicorn mian:app
echo $?
