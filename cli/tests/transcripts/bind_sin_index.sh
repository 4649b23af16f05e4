mkdir -p vacio web2 && echo hola > web2/index.htm
docker run -d --name w1 -p 8080:80 -v ./vacio:/usr/share/nginx/html nginx
docker run -d --name w2 -p 8081:80 -v ./web2:/usr/share/nginx/html nginx
sleep 2
curl -i localhost:8080
curl -s localhost:8081
curl -s localhost:8080/nada
docker logs w1 | tail -2
