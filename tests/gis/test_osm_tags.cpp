#include <gtest/gtest.h>

#include "engine/gis/facilities.hpp"
#include "engine/gis/feature_table.hpp"
#include "engine/gis/osm_tags.hpp"

using namespace ogan::gis;

TEST(OsmTags, OneWayValues) {
  EXPECT_EQ(parse_oneway("yes"), OneWay::Forward);
  EXPECT_EQ(parse_oneway("1"), OneWay::Forward);
  EXPECT_EQ(parse_oneway("-1"), OneWay::Backward);
  EXPECT_EQ(parse_oneway("no"), OneWay::No);
  EXPECT_FALSE(parse_oneway("alternating").has_value());
}

TEST(OsmTags, LanesAndSpeeds) {
  EXPECT_EQ(parse_lanes("2"), 2);
  EXPECT_EQ(parse_lanes("2;3"), 3);
  EXPECT_FALSE(parse_lanes("two").has_value());
  EXPECT_FALSE(parse_lanes("0").has_value());
  EXPECT_DOUBLE_EQ(*parse_maxspeed_kmh("50"), 50.0);
  EXPECT_DOUBLE_EQ(*parse_maxspeed_kmh("40 km/h"), 40.0);
  EXPECT_NEAR(*parse_maxspeed_kmh("30 mph"), 48.28, 0.01);
  EXPECT_FALSE(parse_maxspeed_kmh("ID:urban").has_value());
}

TEST(OsmTags, HstoreOfOtherTags) {
  auto tags = parse_hstore(R"("oneway"=>"-1","lanes"=>"3","name:en"=>"A \"quoted\" road")");
  EXPECT_EQ(tags["oneway"], "-1");
  EXPECT_EQ(tags["lanes"], "3");
  EXPECT_EQ(tags["name:en"], "A \"quoted\" road");
}

TEST(OsmTags, FacilityTypes) {
  EXPECT_EQ(facility_type_from_osm("hospital", "", "", "RSUD"), "hospital");
  EXPECT_EQ(facility_type_from_osm("clinic", "", "", "Puskesmas Kemalaraja"), "puskesmas");
  EXPECT_EQ(facility_type_from_osm("clinic", "", "", "Klinik Sehat"), "clinic");
  EXPECT_EQ(facility_type_from_osm("school", "", "", "SD Negeri 12 OKU"), "school_primary");
  EXPECT_EQ(facility_type_from_osm("school", "", "", "SMP Negeri 1 OKU"), "school_junior");
  EXPECT_EQ(facility_type_from_osm("school", "", "", "SMK Negeri 2 OKU"), "school_senior");
  EXPECT_EQ(facility_type_from_osm("marketplace", "", "", "Pasar Atas"), "market");
  EXPECT_EQ(facility_type_from_osm("", "", "government", "Disdukcapil"), "government_office");
  EXPECT_EQ(facility_type_from_osm("", "convenience", "", "Toko"), "shop");
  EXPECT_EQ(facility_type_from_osm("bench", "", "", ""), "");
}
