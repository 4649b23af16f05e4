docker network create mynet
docker run --name viejo alpine echo hola
docker run -d --name vivo nginx
docker run -v /datos alpine true
docker volume create guardado
docker system prune
n
echo $?
docker system prune --filter label=x=y
y
docker system prune -f --volumes
docker system prune -a -f
docker volume ls
docker images
