docker pull -q nginx
docker run --sig-proxy=false --name web nginx
^C
docker ps --format '{{.Names}} {{.Status}}'
docker run --detach-keys ctrl-x, --name web2 nginx
docker ps -a --format '{{.Names}} {{.Status}}'
docker run -it --detach-keys ctrl-x,ctrl-y --name sh1 ubuntu bash
^P^Q
^X^Y
docker ps --format '{{.Names}} {{.Status}}'
