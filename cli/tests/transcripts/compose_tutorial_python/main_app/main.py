#!/usr/bin/env python3
import os

print("Conectando a", os.environ.get("DB_NAME"), "como", os.environ.get("DB_USER"))
