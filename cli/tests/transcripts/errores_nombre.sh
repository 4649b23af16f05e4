docker run --name u ubuntu echo hola
echo $?
docker run --name container1 ubuntu echo hola
echo $?
