docker compose up
^C
docker compose ps -a --format "{{.Service}} {{.State}} {{.ExitCode}}"
