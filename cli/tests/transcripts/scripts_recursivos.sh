echo "bash x" > x
bash x
echo $?
echo 'echo $(sh x)' > x
sh x
echo $?
echo 'echo $(bash x)' > x
bash x
echo $?
