docker run -d --name web -p 8080:80 nginx
docker rm web
echo $?
docker port web
docker port web 80
docker port web 81
echo $?
docker exec web ping web
echo $?
docker stop web
docker exec web ls
echo $?
docker kill web
echo $?
docker ps -a
docker start web
docker rm -f web
docker ps -a
