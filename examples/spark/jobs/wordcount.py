"""Counts words in a text file on the cluster and prints the ten most common."""
import sys

from pyspark.sql import SparkSession

path = sys.argv[1] if len(sys.argv) > 1 else "/opt/spark/work-dir/jobs/words.txt"
spark = SparkSession.builder.appName("wordcount").getOrCreate()
counts = (
    spark.sparkContext.textFile(path)
    .flatMap(lambda line: line.split())
    .map(lambda word: (word, 1))
    .reduceByKey(lambda a, b: a + b)
    .sortBy(lambda pair: -pair[1])
)
for word, count in counts.take(10):
    print(f"{word}\t{count}")
spark.stop()
