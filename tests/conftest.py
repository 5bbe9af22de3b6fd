import sys
from pathlib import Path

# the known-answer table is a plain module beside the tests
sys.path.insert(0, str(Path(__file__).parent))
