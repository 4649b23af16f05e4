docker volume create myvol
docker volume ls
docker run --name escritor -v myvol:/data alpine sh -c 'echo hola desde myvol > /data/saludo.txt'
docker run --rm -v myvol:/data ubuntu cat /data/saludo.txt
docker run --rm -v myvol:/datos alpine ls /datos
docker volume rm myvol
echo $?
docker rm escritor
docker volume rm myvol
docker volume ls
