import sys

from careerpath.cli import main

sys.exit(main())
