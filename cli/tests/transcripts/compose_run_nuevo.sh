docker compose run --rm web sh -c 'echo uno > /datos/f; cat /datos/f'
echo $?
docker compose run --rm web cat /datos/f
docker network ls --format '{{.Name}}'
docker volume ls --format '{{.Name}}'
docker compose ps -a
