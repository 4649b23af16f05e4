<?php
echo "Hola desde PHP";
