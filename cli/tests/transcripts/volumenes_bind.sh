mkdir html
echo '<h1>Hola desde el host</h1>' > html/index.html
docker run -d --name web -p 8080:80 -v /home/alumno/proyecto/html:/usr/share/nginx/html nginx
curl localhost:8080
echo '<h1>Cambiado en el host</h1>' > html/index.html
curl localhost:8080
docker exec web cat /usr/share/nginx/html/index.html
docker run --rm -v /home/alumno/proyecto/salida:/out alpine sh -c 'echo escrito por el contenedor > /out/nota.txt'
ls salida
cat salida/nota.txt
