mkdir a
cp -r a a/b
echo $?
ls a
cp -r a a
mv a a/b
echo $?
mv .. x
echo $?
mv ~ ~/x
echo hola > f
cp f f
mv f f
echo $?
ls
docker run -d --name web alpine sleep 1000
docker exec web mkdir -p /datos/sub
docker exec web cp -r /datos /datos/sub
echo $?
docker exec web ls /datos/sub
docker exec web mv /datos /datos/sub
echo $?
docker exec web mv .. x
