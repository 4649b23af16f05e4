docker run --rm alpine echo hola desde alpine
echo $?
docker run alpine echo sin rm
docker run --rm alpine sh -c 'echo adios; exit 3'
echo $?
docker ps -a --format '{{.Names}} {{.Status}}'
