docker compose up
^C
echo $?
docker compose ps -a
docker compose up -d
docker compose up
^C
docker compose up
docker compose ps --format "{{.Name}} {{.State}}"
