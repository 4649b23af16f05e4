docker run -d --name web -p 8080:8000 -v ./web:/app php:8.3 php -S 0.0.0.0:8000 -t /app
sleep 1
curl -s localhost:8080/hola.txt
curl -s localhost:8080/nada.png
echo
docker logs web
docker run --rm php:8.3 -S localhost
docker run --rm php:8.3 php -S 0.0.0.0:8000 -t /var/www/nada
docker run --rm eclipse-temurin:21 java -jar app.jar
docker run -d --name jar -p 9090:8080 -v ./target:/app -w /app eclipse-temurin:21 java -jar app.jar
sleep 1
docker logs jar
docker build -q -t api ./api
docker run -d --name api -p 8000:80 api
sleep 1
docker logs api
docker stop api
docker logs --tail 6 api
