docker compose up -d
docker compose exec lector cat /compartido/saludo
docker compose exec lector touch /compartido/escrito
docker inspect -f '{{range .Mounts}}{{.Name}} {{.Destination}} {{.RW}}{{end}}' compose_volumes_from-lector-1
docker compose --profile extra up -d otro
docker run -d --name suelto -v /suelto alpine sleep 1000
docker compose --profile extra up -d otro
docker compose --profile extra exec otro ls -d /suelto
docker compose run --rm lector ls /compartido
