#include "engine/network/network_writer.hpp"

#include <fmt/format.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <filesystem>

#include "engine/core/error.hpp"
#include "engine/gis/gpkg_output.hpp"
#include "engine/network/capacity_pkji.hpp"
#include "engine/network/road_defaults.hpp"

namespace ogan::net {

using gis::GpkgOutput;

void write_network_gpkg(const Network& net, const std::string& path) {
  GpkgOutput out(path);
  OGRSpatialReference srs;
  if (!net.crs_wkt.empty()) {
    srs.importFromWkt(net.crs_wkt.c_str());
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  }
  OGRSpatialReference* srs_ptr = net.crs_wkt.empty() ? nullptr : &srs;

  OGRLayer* links = out.layer("links", srs_ptr, wkbLineString);
  OGRLayer* nodes = out.layer("nodes", srs_ptr, wkbPoint);
  auto add_field = &GpkgOutput::field;
  add_field(links, "link_id", OFTInteger);
  add_field(links, "from_node", OFTInteger);
  add_field(links, "to_node", OFTInteger);
  add_field(links, "length_m", OFTReal);
  add_field(links, "lanes", OFTReal);
  add_field(links, "free_speed_kmh", OFTReal);
  add_field(links, "free_time_s", OFTReal);
  add_field(links, "capacity_pcu_h", OFTReal);
  add_field(links, "storage_pcu", OFTReal);
  add_field(links, "road_class", OFTString);
  add_field(links, "pkji_type", OFTString);
  add_field(links, "name", OFTString);
  add_field(links, "oneway", OFTInteger);
  add_field(links, "bridge", OFTInteger);
  add_field(links, "motor", OFTInteger);
  add_field(links, "reverse_link", OFTInteger);
  add_field(links, "source_fid", OFTInteger64);
  add_field(nodes, "node_id", OFTInteger);
  add_field(nodes, "out_links", OFTInteger);
  add_field(nodes, "in_links", OFTInteger);

  for (std::size_t l = 0; l < net.num_links(); ++l) {
    OGRFeature f(links->GetLayerDefn());
    f.SetField("link_id", static_cast<int>(l));
    f.SetField("from_node", net.from[l]);
    f.SetField("to_node", net.to[l]);
    f.SetField("length_m", net.length_m[l]);
    f.SetField("lanes", static_cast<double>(net.lanes[l]));
    f.SetField("free_speed_kmh", net.free_speed_mps[l] * 3.6);
    f.SetField("free_time_s", net.free_time_s(static_cast<LinkId>(l)));
    f.SetField("capacity_pcu_h", net.capacity_pcu_h[l]);
    f.SetField("storage_pcu", net.storage_pcu[l]);
    f.SetField("road_class", std::string(road_class(net.road_class[l]).name).c_str());
    f.SetField("pkji_type",
               std::string(pkji_type_name(static_cast<PkjiRoadType>(net.pkji_type[l]))).c_str());
    if (net.name_id[l] >= 0) f.SetField("name", net.link_name(static_cast<LinkId>(l)).c_str());
    f.SetField("oneway", net.oneway[l]);
    f.SetField("bridge", net.bridge[l]);
    f.SetField("motor", net.motor[l]);
    f.SetField("reverse_link", net.reverse[l]);
    f.SetField("source_fid", static_cast<GIntBig>(net.source_fid[l]));
    OGRLineString ls;
    for (auto g = net.geom_offset[l]; g < net.geom_offset[l + 1]; ++g) {
      ls.addPoint(net.geom_x[g], net.geom_y[g]);
    }
    f.SetGeometry(&ls);
    GpkgOutput::add(links, f);
  }
  for (std::size_t n = 0; n < net.num_nodes(); ++n) {
    OGRFeature f(nodes->GetLayerDefn());
    f.SetField("node_id", static_cast<int>(n));
    f.SetField("out_links", net.out_offset[n + 1] - net.out_offset[n]);
    f.SetField("in_links", net.in_offset[n + 1] - net.in_offset[n]);
    OGRPoint p(net.node_x[n], net.node_y[n]);
    f.SetGeometry(&p);
    GpkgOutput::add(nodes, f);
  }
  out.commit();
}

}  // namespace ogan::net
