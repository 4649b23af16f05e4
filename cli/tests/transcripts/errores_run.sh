docker run
echo $?
docker run --foo nginx
echo $?
docker run Nginx
echo $?
docker run noexiste
echo $?
docker run nginx:9.9
echo $?
docker run -d --name web -p 8080:80 nginx
docker run -d --name web nginx
echo $?
docker run -d --name web2 -p 8080:80 nginx
echo $?
docker run alpine nada
echo $?
docker ps -a
